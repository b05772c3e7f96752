"""Does a text look like it holds personal contact data? Announcements must not carry any.

Deliberately simple and cautious: Norwegian eight-digit phone numbers (with or without +47 or
0047, written together or in groups separated by spaces) and every e-mail address, the
municipality's own included. A false alarm costs one tick in a checkbox.
"""

import re

# 8 digits, the first 2–9, optionally grouped with single spaces, optionally after +47/0047.
# Not inside a longer run of digits (a 9-digit organisation number, an account number).
_PHONE = re.compile(
    r"(?<![\d+])(?:(?:\+|00)47\s?)?[2-9](?:\s?\d){7}(?!\s?\d)",
)
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+", re.UNICODE)


def find_personal_data(text: str) -> list[str]:
    """What in `text` looks like a phone number or an e-mail address, in order of appearance."""
    found = [(m.start(), m.group().strip()) for m in _PHONE.finditer(text)]
    found += [(m.start(), m.group()) for m in _EMAIL.finditer(text)]
    return [value for _start, value in sorted(found)]
