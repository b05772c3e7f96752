"""The ground floor: small pieces every app uses, written once. Imports nothing from the
project's other apps."""
