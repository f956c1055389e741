"""The business profile: who the business is and where it lives.

Kept in the `settings` table, one key each, so older files simply fall back to the
computer's own locale and zone. Other modules read it through `load_profile` (or
`business_zone` for the calendar) and never guess on their own.
"""

from __future__ import annotations

import contextlib
import locale
import os
from dataclasses import asdict, dataclass, fields
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones

if TYPE_CHECKING:
    from sm_desk.core.store import Step, Store

PROFILE_KEYS = ("business_name", "currency", "country", "timezone", "locale", "week_start",
                "works_alone")


class ProfileError(ValueError):
    """A profile value that cannot be used; the message names the field."""


@dataclass(frozen=True, slots=True)
class BusinessProfile:
    business_name: str
    currency: str  # ISO 4217, the home currency
    country: str  # ISO 3166 alpha-2: default region for phone numbers
    timezone: str  # IANA name: where calendar times live unless a touch says otherwise
    locale: str  # 'de_DE', 'en_US': number and date formats
    week_start: int  # 0 = Monday ... 6 = Sunday
    works_alone: bool


def computer_zone() -> str:
    """The computer's IANA zone name: $TZ when it names one, else /etc/localtime, else UTC."""
    candidates = [os.environ.get("TZ", "").lstrip(":")]
    try:
        target = os.path.realpath("/etc/localtime")
        if "zoneinfo/" in target:
            candidates.append(target.split("zoneinfo/", 1)[1])
    except OSError:
        pass
    with contextlib.suppress(OSError):
        candidates.append(Path("/etc/timezone").read_text(encoding="utf-8").strip())
    for name in candidates:
        if name and valid_zone(name):
            return name
    try:  # Windows and macOS without $TZ: tzlocal knows their registries
        from tzlocal import get_localzone_name

        name = get_localzone_name()
        if name and valid_zone(name):
            return str(name)
    except Exception:  # noqa: BLE001 - any failure means "we cannot tell"
        pass
    return "UTC"


def valid_zone(name: str) -> bool:
    if not name or name.startswith("/") or ".." in name:
        return False
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return False
    return True


def computer_locale() -> str:
    """The computer's locale as 'll_CC' ('en_US' when it says nothing useful)."""
    for env in ("LC_ALL", "LC_NUMERIC", "LANG"):
        value = os.environ.get(env, "").split(".")[0]
        if len(value) >= 5 and value[2] == "_":
            return value
    try:
        name = locale.getlocale()[0] or ""
    except ValueError:
        name = ""
    return name if len(name) >= 5 and name[2] == "_" else "en_US"


def defaults() -> BusinessProfile:
    loc = computer_locale()
    return BusinessProfile(business_name="", currency="USD", country=loc[3:5].upper(),
                           timezone=computer_zone(), locale=loc, week_start=0,
                           works_alone=True)


def load_profile(store: Store) -> BusinessProfile:
    base = asdict(defaults())
    for key in PROFILE_KEYS:
        value = store.setting(key)
        if value is not None and value != "":
            base[key] = value
    if not valid_zone(str(base["timezone"])):
        base["timezone"] = computer_zone()
    return BusinessProfile(**base)


def business_zone(store: Store) -> str:
    """The zone new touches get and floating times are read in."""
    name = store.setting("timezone")
    return str(name) if name and valid_zone(str(name)) else computer_zone()


def check(values: dict[str, Any]) -> dict[str, Any]:
    """Validate a partial profile; returns the cleaned values or raises ProfileError."""
    known = {f.name for f in fields(BusinessProfile)}
    unknown = set(values) - known
    if unknown:
        raise ProfileError(f"unknown setting(s): {', '.join(sorted(unknown))}")
    clean = dict(values)
    if "timezone" in clean and not valid_zone(str(clean["timezone"])):
        raise ProfileError(f"time zone '{clean['timezone']}' is not a known zone "
                           "(use a name such as Europe/Berlin)")
    if "currency" in clean:
        code = str(clean["currency"]).strip().upper()
        if len(code) != 3 or not code.isalpha():
            raise ProfileError(f"currency '{clean['currency']}' is not a three-letter code")
        clean["currency"] = code
    if "week_start" in clean and clean["week_start"] not in range(7):
        raise ProfileError("week start must be 0 (Monday) to 6 (Sunday)")
    if "currency" in clean and not known_currency(clean["currency"]):
        raise ProfileError(f"currency '{clean['currency']}' is not an ISO 4217 code "
                           "(such as USD, EUR, JPY)")
    if "country" in clean:
        code = str(clean["country"]).strip().upper()
        if code not in country_names():
            raise ProfileError(f"country '{clean['country']}' is not a two-letter country code "
                               "(such as US, DE, IN)")
        clean["country"] = code
    if "locale" in clean:
        from sm_desk.core.money import valid_locale

        name = str(clean["locale"]).strip().replace("-", "_")
        if not valid_locale(name):
            raise ProfileError(f"locale '{clean['locale']}' is not known (such as en_US, de_DE)")
        clean["locale"] = name
    if "business_name" in clean:
        clean["business_name"] = str(clean["business_name"]).strip()[:200]
    if "works_alone" in clean:
        clean["works_alone"] = bool(clean["works_alone"])
    return clean


def save_profile(step: Step, values: dict[str, Any]) -> None:
    """Write the given fields inside the caller's step (validated first)."""
    for key, value in check(values).items():
        step.set_setting(key, value)
    step.set_setting(SAVED_KEY, True)


SAVED_KEY = "profile_saved"  # set when the owner (or the demo) saves the profile


def is_set_up(store: Store) -> bool:
    """Whether the owner (or the demo) ever saved a profile: first launch asks when not."""
    return bool(store.setting(SAVED_KEY))


WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
_YES = {"yes", "true", "1", "alone", "y"}
_NO = {"no", "false", "0", "helpers", "with helpers", "n"}


def parse_setting(key: str, text: str) -> Any:
    """A value typed on the command line ('week_start=sunday', 'works_alone=no') ->
    the stored form; check() then validates it."""
    value = text.strip()
    if key == "week_start":
        for i, name in enumerate(WEEKDAYS):
            if value.casefold() in (name.casefold(), name[:3].casefold(), str(i)):
                return i
        raise ProfileError(f"week start '{text}' is not a day (Monday ... Sunday)")
    if key == "works_alone":
        if value.casefold() in _YES:
            return True
        if value.casefold() in _NO:
            return False
        raise ProfileError(f"works_alone '{text}' is not yes or no")
    return value


def known_currency(code: Any) -> bool:
    return str(code).upper() in currency_names()


@lru_cache(maxsize=1)
def currency_names() -> dict[str, str]:
    """ISO code -> English name, for the pickers (current currencies only)."""
    from babel.numbers import get_currency_name, list_currencies

    from sm_desk.core.money import _locale

    english = _locale("en")
    return {code: get_currency_name(code, locale=english)
            for code in sorted(list_currencies()) if len(code) == 3 and code.isalpha()}


@lru_cache(maxsize=1)
def country_names() -> dict[str, str]:
    """ISO 3166 alpha-2 -> English name."""
    from sm_desk.core.money import _locale

    return {code: name for code, name in sorted(_locale("en").territories.items())
            if len(code) == 2 and code.isalpha() and code not in ("ZZ", "XA", "XB")}


@lru_cache(maxsize=1)
def locale_names() -> dict[str, str]:
    """'de_DE' -> 'German (Germany)': every language-and-country locale Babel knows."""
    from babel import Locale
    from babel.localedata import locale_identifiers

    names = {}
    for ident in locale_identifiers():
        parts = ident.split("_")
        if len(parts) != 2 or len(parts[1]) != 2:
            continue
        try:
            names[ident] = Locale.parse(ident).get_display_name("en") or ident
        except (ValueError, TypeError):
            continue
    return dict(sorted(names.items(), key=lambda kv: kv[1]))


def describe(profile: BusinessProfile) -> list[tuple[str, str]]:
    """(key, shown value) for `sm-desk settings` and the first-launch summary."""
    return [("business_name", profile.business_name or "(not set)"),
            ("currency", f"{profile.currency} ({currency_names().get(profile.currency, '?')})"),
            ("country", f"{profile.country} ({country_names().get(profile.country, '?')})"),
            ("timezone", profile.timezone),
            ("locale", f"{profile.locale} ({locale_names().get(profile.locale, '?')})"),
            ("week_start", WEEKDAYS[int(profile.week_start) % 7]),
            ("works_alone", "yes (alone)" if profile.works_alone else "no (with helpers)")]


def zone_names() -> list[str]:
    """Every IANA zone this computer knows, sorted (for pickers)."""
    return sorted(n for n in available_timezones() if "/" in n or n == "UTC")


def update_profile(store: Store, values: dict[str, Any], label: str = "Business settings"
                   ) -> BusinessProfile:
    """Validate and save in one undoable step; returns the profile as now stored."""
    clean = check(values)
    with store.step(label) as step:
        save_profile(step, clean)
    return load_profile(store)
