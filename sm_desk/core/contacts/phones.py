"""Phone numbers as numbers: parsed with `phonenumbers` (Google's libphonenumber data),
numbers written without a country code read in the business's country (the profile's
`country`), extensions kept.

    phone_keys("(212) 555-0100 x12", "US") -> PhoneKeys("+12125550100;ext=12", "2125550100")

`exact` is the number in E.164 (with its extension): two contacts share it only when
they have the same number, so +1 212 555 0100 and +1 312 555 0100 differ. `national`
(the digits without country code or trunk 0) lets a number written for another country
('020 7946 0958' in a US business) still meet its international form.
"""

from __future__ import annotations

from functools import lru_cache
from typing import NamedTuple

import phonenumbers

MIN_DIGITS = 7  # fewer digits is an extension or a typo, not a number to match on


class PhoneKeys(NamedTuple):
    exact: str | None  # E.164 (+ ';ext=N') of a valid number
    national: str | None  # its national digits (also for numbers that did not parse)


@lru_cache(maxsize=65536)
def phone_keys(raw: str | None, region: str | None = None) -> PhoneKeys:
    text = (raw or "").strip()
    digits = "".join(c for c in text if c.isdigit())
    if len(digits) < MIN_DIGITS:
        return PhoneKeys(None, None)
    try:
        number = phonenumbers.parse(text, (region or "").upper() or None)
    except phonenumbers.NumberParseException:
        number = None
    if number is not None and phonenumbers.is_valid_number(number):
        exact = phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)
        if number.extension:
            exact += f";ext={number.extension}"
        return PhoneKeys(exact, phonenumbers.national_significant_number(number))
    extension = number.extension if number is not None and number.extension else ""
    if extension and digits.endswith(extension):
        digits = digits[:-len(extension)]
    national = digits.lstrip("0")
    return PhoneKeys(None, national if len(national) >= MIN_DIGITS else None)


def display_phone(raw: str | None, region: str | None = None) -> str:
    """A valid number in international format ('+1 212-555-0100 ext. 12'); anything
    else as it was written."""
    text = (raw or "").strip()
    try:
        number = phonenumbers.parse(text, (region or "").upper() or None)
    except phonenumbers.NumberParseException:
        return text
    if not phonenumbers.is_valid_number(number):
        return text
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.INTERNATIONAL)
