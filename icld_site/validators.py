"""What people type, checked the same way in every form: e-mail addresses and one-line text.

An e-mail address passes Django's check, holds no invisible or direction-changing character
(a right-to-left override makes an address read as another one) and has a domain that can
be written in ASCII for the mail server: internationalised domains are real (Swedish ones
with å, ä and ö), and the mail server is handed their IDNA form (`smtp_address`). The
address is kept as typed; `canonical_address` is the one spelling of it that counts as the
same sender or subscriber however it was typed (quotes around a local part that needs
none, letter case, the domain typed in Unicode or in ASCII), with the domain as people
read it.

One-line text (names, roles, phone numbers, titles) has no line break of any kind (also
U+0085, U+2028 and U+2029), no other control character and no bidirectional control.
"""

import contextlib
import re
import unicodedata

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils.translation import gettext_lazy as _

# Characters that change how text is laid out without being seen.
BIDI_CONTROLS = frozenset(
    "\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
)
# Controls, line and paragraph separators.
LINE_BREAKING = frozenset({"Cc", "Zl", "Zp"})
# Invisible formatting characters (bidirectional controls, zero-width space, joiners, BOM).
INVISIBLE = frozenset({"Cf", "Co", "Cs"})
# A local part that needs no quotes (RFC 5322's dot-atom).
DOT_ATOM = re.compile(r"[-!#$%&'*+/=?^_`{}|~0-9a-z]+(\.[-!#$%&'*+/=?^_`{}|~0-9a-z]+)*", re.I)
QUOTED_PAIR = re.compile(r"\\(.)", re.S)

ONE_LINE_MESSAGE = _("Write this on one line, without line breaks or control characters.")
INVISIBLE_MESSAGE = _(
    "The e-mail address contains invisible characters, or characters that change the "
    "direction of the text. Type it again without them."
)
INVALID_EMAIL_MESSAGE = _("Enter an e-mail address like name@example.se.")


def validate_one_line(value):
    if any(unicodedata.category(char) in LINE_BREAKING or char in BIDI_CONTROLS for char in value):
        raise ValidationError(ONE_LINE_MESSAGE, code="not_one_line")


def ascii_domain(domain):
    """The domain as the mail server and DNS know it; UnicodeError if it cannot be one."""
    return domain.encode("idna").decode("ascii")


def validate_email_address(value):
    """The one check of every e-mail address, in every form and before every message."""
    value = str(value)
    if any(unicodedata.category(char) in INVISIBLE for char in value):
        raise ValidationError(INVISIBLE_MESSAGE, code="invisible")
    validate_email(value)
    # Django's check lets a line separator (U+2028) through in a domain.
    if any(unicodedata.category(char) in LINE_BREAKING for char in value):
        raise ValidationError(INVALID_EMAIL_MESSAGE, code="invalid")
    try:
        smtp_address(value)
    except UnicodeError:
        raise ValidationError(INVALID_EMAIL_MESSAGE, code="invalid") from None


def can_be_sent_to(address):
    """Whether a stored address passes the check (one stored before it may not)."""
    try:
        validate_email_address(address)
    except ValidationError:
        return False
    return True


def smtp_address(address):
    """`address` (valid) as it is handed to the mail server: the domain in ASCII (IDNA)."""
    local, _at, domain = address.rpartition("@")
    return f"{local}@{ascii_domain(domain)}"


def canonical_address(address):
    """The one spelling of a valid `address` that every way of typing it shares: the local
    part unquoted when it needs no quotes, everything in lower case, the domain in Unicode
    (as people read it; `smtp_address` gives the mail server its ASCII form)."""
    local, _at, domain = address.strip().rpartition("@")
    if len(local) > 1 and local.startswith('"') and local.endswith('"'):
        unquoted = QUOTED_PAIR.sub(r"\1", local[1:-1])
        if DOT_ATOM.fullmatch(unquoted):
            local = unquoted
    # An address that is not valid is compared as typed.
    with contextlib.suppress(UnicodeError):
        domain = ascii_domain(domain).encode("ascii").decode("idna")
    return f"{local}@{domain}".lower()
