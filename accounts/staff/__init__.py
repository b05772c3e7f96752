"""A municipality's coordinators manage its staff: see who has which role and when they last
signed in, change a role, remove one; manual roles lapse after a warning when their holder has
not signed in for STAFF_INACTIVE_DAYS; every change is in the municipality's staff audit log and
its coordinators are told."""
