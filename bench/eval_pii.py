"""PII and secret test cases generated at run time: positives with known spans, and look-alike negatives.

Guarantees:
- Positives: at least 100 instances per entity, each embedded in one of at least 10 sentence
  templates (prose, CSV, JSON tool arguments, code, log lines, forms, tables, mixed with other
  numbers...), with the exact span of the instance in the text. Personal data comes from Faker with a
  fixed seed over several locales; secrets are synthetic, built with `random.Random(seed)` in the
  documented shapes of each vendor (none is a real credential).
- Negatives: at least 100 look-alikes per entity that are NOT that entity (Luhn-invalid cards,
  invalid SSN areas, IBANs with a wrong check digit, version strings, MAC addresses, public-key
  blocks...), plus generic number-like strings and the handwritten benign prompts.
- Same seed, same Faker version: same cases, in the same order.
"""

from __future__ import annotations

import base64
import ipaddress
import json
import random
import string
import uuid
import zlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from itertools import count, cycle

from eval_benign import BENIGN_LONG, BENIGN_PROMPTS
from faker import Faker

SEED = 20240917
PER_ENTITY = 120
LOCALES = ("en_US", "en_GB", "de_DE", "fr_FR", "es_ES", "it_IT", "nl_NL")
IBAN_LOCALES = ("en_GB", "de_DE", "fr_FR", "es_ES", "it_IT", "nl_NL")
CARD_TYPES = ("visa", "mastercard", "amex", "discover", "jcb", "diners")
ALNUM = string.ascii_letters + string.digits
URLSAFE = ALNUM + "-_"
UPPER_ALNUM = string.ascii_uppercase + string.digits

PHONE_INTERNATIONAL = "international (+CC)"
PHONE_NANP = "national NANP (en_US)"
PHONE_NATIONAL = "national, other locales"
PHONE_MSISDN = "msisdn (bare digits)"
PHONE_QUOTAS = {PHONE_INTERNATIONAL: 120, PHONE_NANP: 60, PHONE_NATIONAL: 120, PHONE_MSISDN: 40}


@dataclass(frozen=True, slots=True)
class PiiCase:
    """`text[start:end]` is one instance of `entity`; `subset` and `variant` say which kind and format."""

    entity: str
    subset: str
    variant: str
    template: str
    text: str
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class NegativeCase:
    """A text with no instance of any entity; `target` is the entity it imitates ("generic" if none)."""

    target: str
    kind: str
    text: str


@dataclass(frozen=True, slots=True)
class Template:
    """A sentence with one `{v}` slot; `transform` re-encodes the value for its context (json, indent:N)."""

    name: str
    fmt: str
    transform: str = "raw"


def _rng(name: str) -> random.Random:
    """A generator seeded from `SEED` and a stable hash of `name` (Python's `hash` is salted per process)."""
    return random.Random(SEED * 1_000_003 + zlib.crc32(name.encode()))


def _faker(locale: str, salt: str) -> Faker:
    fake = Faker(locale)
    fake.seed_instance(SEED + zlib.crc32(f"{locale}/{salt}".encode()))
    return fake


def _apply(transform: str, value: str) -> str:
    if transform == "json":
        return json.dumps(value)[1:-1]
    if transform.startswith("indent:"):
        return value.replace("\n", "\n" + " " * int(transform.split(":", 1)[1]))
    return value


def _fill(template: Template, value: str, label: str, key: str) -> tuple[str, int, int]:
    """The template's text with `value` in its slot, and the span of the (re-encoded) value."""
    shown = _apply(template.transform, value)
    head, tail = template.fmt.split("{v}", 1)
    head = head.replace("{label}", label).replace("{Label}", label[:1].upper() + label[1:]).replace("{key}", key)
    tail = tail.replace("{label}", label).replace("{key}", key)
    return head + shown + tail, len(head), len(head) + len(shown)


# --- templates ---------------------------------------------------------------------------------

GENERIC_TEMPLATES: tuple[Template, ...] = (
    Template("prose", "Hi, could you update my {label} to {v} before the next invoice goes out?"),
    Template("prose-on-file", "The {label} on file is {v}, but the customer says it changed last month."),
    Template("csv", "id,name,{key},created_at\n1042,J. Moreau,{v},2024-03-02\n"),
    Template("json-tool-args", '{"tool": "update_record", "arguments": {"record_id": 5521, "{key}": "{v}"}}', "json"),
    Template("python", 'resp = client.records.update(record_id=8813, {key}="{v}", notify=False)', "json"),
    Template("log", "2024-05-14T09:21:33Z INFO req=7f3a9c user=8812 {key}={v} status=200 dur_ms=41"),
    Template("form", "Name: R. Jansen\n{Label}: {v}\nReason: billing question\nTicket: 58213"),
    Template(
        "mixed-numbers", "Order 7731-2209 (qty 3, total 1,249.90 EUR) - {label}: {v} - ref 2024/118, due 15.07.2024"
    ),
    Template("markdown-table", "| field | value |\n|---|---|\n| account | 99120 |\n| {label} | {v} |"),
    Template("chat", "hey, tried {v} twice already and it still fails?? pls check"),
    Template("yaml", "contact:\n  id: 4471\n  {key}: {v}\n  verified: true", "indent:4"),
    Template("parenthesised", "Please use this one instead ({v}). The old one is no longer valid."),
    Template("letter", "Dear team,\n\nmy {label} is {v}. Thanks in advance.\n\nBest regards,\nA."),
)

EXTRA_TEMPLATES: dict[str, tuple[Template, ...]] = {
    "email": (
        Template("angle", "From: Support Desk <{v}>"),
        Template("mailto", '<a href="mailto:{v}">write to us</a>'),
    ),
    "phone": (
        Template("call", "Call me at {v} after 6pm."),
        Template("signature", "Kind regards,\nM. Keller\nTel. {v}"),
    ),
    "credit_card": (Template("card-exp", "Card: {v} exp 09/27, please charge the deposit today."),),
    "ssn": (Template("ssn-label", "Applicant SSN {v} attached to the W-4."),),
    "iban": (Template("wire", "Please wire the deposit to IBAN {v} (BIC on the invoice)."),),
    "ip_address": (
        Template("sshd", "sshd[2231]: Failed password for invalid user admin from {v} port 52144 ssh2"),
        Template("xff", "X-Forwarded-For: {v}"),
    ),
    "openai_key": (
        Template("export", "export OPENAI_API_KEY={v}"),
        Template("sdk", 'client = OpenAI(api_key="{v}")'),
    ),
    "anthropic_key": (
        Template("export", "ANTHROPIC_API_KEY={v} python agent.py"),
        Template("curl", 'curl https://api.anthropic.com/v1/messages -H "x-api-key: {v}" -d @body.json'),
    ),
    "aws_access_key": (
        Template("credentials", "[default]\naws_access_key_id = {v}\nregion = eu-west-1"),
        Template("env", "AWS_ACCESS_KEY_ID={v} aws s3 ls"),
    ),
    "github_token": (
        Template("clone", "git clone https://{v}@github.com/acme/infra.git"),
        Template("header", "Authorization: token {v}"),
    ),
    "jwt": (Template("bearer", "Authorization: Bearer {v}"), Template("cookie", "Set-Cookie: session={v}; Path=/")),
}

PEM_TEMPLATES: tuple[Template, ...] = (
    Template("prose", "Here is the deploy key, keep it safe:\n\n{v}\n\nDelete this message afterwards."),
    Template("cat", "$ cat ~/.ssh/id_deploy\n{v}\n$ "),
    Template(
        "json-service-account", '{"type": "service_account", "private_key_id": "4f1c", "private_key": "{v}"}', "json"
    ),
    Template("yaml-block", "tls:\n  key: |\n    {v}\n  cert: cert.pem", "indent:4"),
    Template("python", 'KEY = """{v}"""\nsign(payload, KEY)'),
    Template("env-escaped", 'PRIVATE_KEY="{v}"', "json"),
    Template("markdown", "Why does openssl reject this key?\n\n```\n{v}\n```"),
    Template("log-escaped", "2024-05-14T09:21:33Z DEBUG loaded key={v} from vault", "json"),
    Template("k8s-secret", "apiVersion: v1\nkind: Secret\nstringData:\n  tls.key: |\n    {v}", "indent:4"),
    Template("email", "Hi Sam,\n\nthe key for the staging box:\n{v}\n\nCheers"),
    Template("terraform", 'private_key = <<EOT\n{v}\nEOT\nresource "tls_cert_request" "x" {}'),
)

LABELS: dict[str, tuple[str, str]] = {
    "email": ("email address", "email"),
    "phone": ("phone number", "phone"),
    "credit_card": ("card number", "card_number"),
    "ssn": ("social security number", "ssn"),
    "iban": ("IBAN", "iban"),
    "ip_address": ("IP address", "client_ip"),
    "openai_key": ("API key", "api_key"),
    "anthropic_key": ("API key", "api_key"),
    "aws_access_key": ("access key id", "aws_access_key_id"),
    "github_token": ("token", "token"),
    "jwt": ("session token", "token"),
    "private_key": ("private key", "private_key"),
}


def templates_for(entity: str) -> tuple[Template, ...]:
    """The sentence templates used for `entity` (at least 10)."""
    if entity == "private_key":
        return PEM_TEMPLATES
    return GENERIC_TEMPLATES + EXTRA_TEMPLATES.get(entity, ())


# --- value generators: each yields (value, subset, variant) forever ---------------------------

Values = Iterator[tuple[str, str, str]]


def _emails() -> Values:
    """Faker's `email()` draws from the reserved example.* domains unless told otherwise: those are
    reserved values (look-alikes, see `_reserved_email`), so positives ask for real-looking domains."""
    methods = ("email", "free_email", "company_email")
    fakers = [_faker(locale, "email") for locale in LOCALES]
    for i in count():
        method = methods[i % len(methods)]
        fake = fakers[i % len(fakers)]
        value = fake.email(safe=False) if method == "email" else getattr(fake, method)()
        yield value, method, LOCALES[i % len(LOCALES)]


def phone_subset(number: str, locale: str) -> str:
    """International when written with a leading +; national otherwise, NANP for en_US."""
    if number.lstrip().startswith("+"):
        return PHONE_INTERNATIONAL
    return PHONE_NANP if locale == "en_US" else PHONE_NATIONAL


def _phones() -> Values:
    fakers = [_faker(locale, "phone") for locale in LOCALES]
    for i in count():
        locale = LOCALES[i % len(LOCALES)]
        if i % 8 == 7:
            yield fakers[i % len(fakers)].msisdn(), PHONE_MSISDN, "msisdn"
            continue
        number = fakers[i % len(fakers)].phone_number()
        yield number, phone_subset(number, locale), phone_shape(number)


def phone_shape(number: str) -> str:
    """The format family of a Faker number: with an extension, `001` dialling prefix, bare digits, separated."""
    if number.startswith("001"):
        return "001 dialling prefix"
    if "x" in number:
        return "with extension (x...)"
    if number.isdigit():
        return "bare digits"
    return "separated"


def group_digits(digits: str, sep: str) -> str:
    """Digits grouped the way the card is printed: 4-4-4-4, or 4-6-5 (15 digits), 4-6-4 (14 digits)."""
    sizes = {16: (4, 4, 4, 4), 15: (4, 6, 5), 14: (4, 6, 4)}.get(len(digits))
    if sizes is None:
        return digits
    parts, pos = [], 0
    for size in sizes:
        parts.append(digits[pos : pos + size])
        pos += size
    return sep.join(parts)


# Published issuer (IIN) ranges as (low, high) on a prefix of the same width, per card type.
IIN_RANGES: dict[str, tuple[tuple[str, str], ...]] = {
    "visa": (("4", "4"),),
    "mastercard": (("51", "55"), ("2221", "2720")),
    "amex": (("34", "34"), ("37", "37")),
    "discover": (("6011", "6011"), ("644", "649"), ("65", "65"), ("622126", "622925")),
    "jcb": (("3528", "3589"),),
    "diners": (("300", "305"), ("3095", "3095"), ("36", "36"), ("38", "39")),
}


# Per card type, the Faker numbers redrawn by the last `_cards()` run for falling outside the issuer ranges.
DROPPED_CARDS: dict[str, int] = {}


def in_iin_range(card_type: str, number: str) -> bool:
    """Whether `number` starts inside one of the card type's published issuer ranges."""
    return any(low <= number[: len(low)] <= high for low, high in IIN_RANGES[card_type])


def _cards() -> Values:
    """Faker card numbers; its jcb provider also emits 35xx prefixes outside JCB's 3528-3589, which are
    not JCB cards, so numbers outside the published issuer ranges are drawn again (`dropped_cards`)."""
    fake = _faker("en_US", "card")
    formats = (("bare", ""), ("spaced", " "), ("dashed", "-"))
    DROPPED_CARDS.clear()
    for i in count():
        card_type = CARD_TYPES[i % len(CARD_TYPES)]
        name, sep = formats[(i // len(CARD_TYPES)) % len(formats)]
        number = fake.credit_card_number(card_type=card_type)
        while not in_iin_range(card_type, number):
            DROPPED_CARDS[card_type] = DROPPED_CARDS.get(card_type, 0) + 1
            number = fake.credit_card_number(card_type=card_type)
        yield (number if name == "bare" else group_digits(number, sep)), card_type, name


def _ssns() -> Values:
    fake = _faker("en_US", "ssn")
    for i in count():
        ssn = fake.ssn()
        variant = ("dashed", "dashed", "dashed", "dashed", "spaced", "bare")[i % 6]
        digits = ssn.replace("-", "")
        shown = {"dashed": ssn, "spaced": f"{digits[:3]} {digits[3:5]} {digits[5:]}", "bare": digits}[variant]
        yield shown, variant, variant


def iban_valid(iban: str) -> bool:
    """ISO 13616 mod-97 check on a compact IBAN."""
    moved = iban[4:] + iban[:4]
    return int("".join(str(int(ch, 36)) for ch in moved)) % 97 == 1


def _ibans() -> Values:
    fakers = [_faker(locale, "iban") for locale in IBAN_LOCALES]
    for i in count():
        iban = fakers[i % len(fakers)].iban()
        if not iban_valid(iban):
            continue
        grouped = (i // len(IBAN_LOCALES)) % 2 == 1
        shown = " ".join(iban[j : j + 4] for j in range(0, len(iban), 4)) if grouped else iban
        yield shown, iban[:2], "grouped" if grouped else "compact"


def _ips() -> Values:
    fake = _faker("en_US", "ip")
    rng = _rng("ipv6-compressed")
    for i in count():
        kind = ("ipv4", "ipv4", "ipv6 full", "ipv6 compressed")[i % 4]
        if kind == "ipv4":
            yield fake.ipv4_public(), "ipv4", "dotted"
        elif kind == "ipv6 full":
            address = fake.ipv6()
            while not ipaddress.IPv6Address(address).is_global:  # ULA, documentation...: reserved values
                address = fake.ipv6()
            yield address, "ipv6", "full"
        else:
            groups = [f"{rng.randrange(0x2000, 0x3FFF):x}", *(f"{rng.randrange(0x10000):x}" for _ in range(7))]
            groups[3:6] = ["0", "0", "0"]
            yield ipaddress.IPv6Address(":".join(groups)).compressed, "ipv6", "compressed"


def _chars(rng: random.Random, alphabet: str, n: int) -> str:
    return "".join(rng.choice(alphabet) for _ in range(n))


def _openai_keys() -> Values:
    rng = _rng("openai")
    for i in count():
        kind = ("sk-proj", "sk-proj", "legacy sk-", "sk-svcacct")[i % 4]
        if kind == "sk-proj":
            yield "sk-proj-" + _chars(rng, URLSAFE, rng.randint(48, 164)), kind, "project key"
        elif kind == "legacy sk-":
            yield "sk-" + _chars(rng, ALNUM, 20) + "T3BlbkFJ" + _chars(rng, ALNUM, 20), kind, "legacy"
        else:
            yield "sk-svcacct-" + _chars(rng, URLSAFE, rng.randint(64, 140)), kind, "service account"


def _anthropic_keys() -> Values:
    rng = _rng("anthropic")
    for i in count():
        prefix = "sk-ant-admin01-" if i % 6 == 5 else "sk-ant-api03-"
        yield prefix + _chars(rng, URLSAFE, 93) + "AA", prefix.rstrip("-"), "95-char body"


def _aws_keys() -> Values:
    rng = _rng("aws")
    for i in count():
        prefix = "ASIA" if i % 6 == 5 else "AKIA"
        yield prefix + _chars(rng, UPPER_ALNUM, 16), prefix, "20 chars"


def _github_tokens() -> Values:
    rng = _rng("github")
    for i in count():
        kind = ("ghp_", "ghp_", "github_pat_", "gho_/ghs_/ghu_/ghr_")[i % 4]
        if kind == "ghp_":
            yield "ghp_" + _chars(rng, ALNUM, 36), kind, "classic"
        elif kind == "github_pat_":
            yield "github_pat_" + _chars(rng, ALNUM, 22) + "_" + _chars(rng, ALNUM, 59), kind, "fine-grained"
        else:
            yield rng.choice(("gho_", "ghs_", "ghu_", "ghr_")) + _chars(rng, ALNUM, 36), kind, "app/oauth"


def b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def make_jwt(rng: random.Random, alg: str) -> str:
    """A JWT-shaped token: real JSON header and claims, random signature of the algorithm's size."""
    header = {"alg": alg, "typ": "JWT"} if rng.random() < 0.5 else {"alg": alg, "kid": _chars(rng, ALNUM, 8)}
    iat = 1_700_000_000 + rng.randrange(10_000_000)
    claims = {"sub": str(rng.randrange(10**6)), "iat": iat, "exp": iat + 3600, "scope": "read write"}
    sig_len = {"HS256": 32, "RS256": 256, "ES256": 64}[alg]
    parts = (json.dumps(header, separators=(",", ":")), json.dumps(claims, separators=(",", ":")))
    return ".".join((*(b64url(p.encode()) for p in parts), b64url(rng.randbytes(sig_len))))


def _jwts() -> Values:
    rng = _rng("jwt")
    for i in count():
        alg = ("HS256", "RS256", "ES256")[i % 3]
        yield make_jwt(rng, alg), alg, "compact"


PEM_KINDS = (
    ("PRIVATE KEY", 1216, 64),
    ("RSA PRIVATE KEY", 1190, 64),
    ("EC PRIVATE KEY", 121, 64),
    ("OPENSSH PRIVATE KEY", 400, 70),
    ("ENCRYPTED PRIVATE KEY", 1298, 64),
)


def make_pem(rng: random.Random, label: str, size: int, width: int) -> str:
    """A PEM block of `size` random bytes, base64 wrapped at `width` columns."""
    body = base64.b64encode(rng.randbytes(size)).decode()
    lines = [body[i : i + width] for i in range(0, len(body), width)]
    return "\n".join([f"-----BEGIN {label}-----", *lines, f"-----END {label}-----"])


def _pems() -> Values:
    rng = _rng("pem")
    for i in count():
        label, size, width = PEM_KINDS[i % len(PEM_KINDS)]
        yield make_pem(rng, label, size, width), label, "pem"


def _quota(values: Values, quotas: dict[str, int]) -> Values:
    """Values from `values` until each subset has its quota (others dropped)."""
    left = dict(quotas)
    for value, subset, variant in values:
        if left.get(subset, 0) > 0:
            left[subset] -= 1
            yield value, subset, variant
        if not any(left.values()):
            return


GENERATORS: dict[str, Callable[[], Values]] = {
    "email": _emails,
    "phone": lambda: _quota(_phones(), PHONE_QUOTAS),
    "credit_card": _cards,
    "ssn": _ssns,
    "iban": _ibans,
    "ip_address": _ips,
    "openai_key": _openai_keys,
    "anthropic_key": _anthropic_keys,
    "aws_access_key": _aws_keys,
    "github_token": _github_tokens,
    "jwt": _jwts,
    "private_key": _pems,
}


def positives(entity: str) -> list[PiiCase]:
    """The positive cases for `entity`: PER_ENTITY of them (phone: the sum of its subset quotas)."""
    label, key = LABELS[entity]
    templates = cycle(templates_for(entity))
    cases: list[PiiCase] = []
    limit = sum(PHONE_QUOTAS.values()) if entity == "phone" else PER_ENTITY
    for (value, subset, variant), template in zip(GENERATORS[entity](), templates, strict=False):
        text, start, end = _fill(template, value, label, key)
        cases.append(PiiCase(entity, subset, variant, template.name, text, start, end))
        if len(cases) == limit:
            break
    return cases


def all_positives() -> list[PiiCase]:
    return [case for entity in GENERATORS for case in positives(entity)]


# --- negatives ---------------------------------------------------------------------------------


def luhn_ok(digits: str) -> bool:
    total = 0
    for i, ch in enumerate(reversed(digits)):
        d = int(ch) * (2 if i % 2 else 1)
        total += d - 9 if d > 9 else d
    return total % 10 == 0


def luhn_complete(prefix: str) -> str:
    """`prefix` plus the one check digit that makes it Luhn-valid."""
    return next(prefix + d for d in string.digits if luhn_ok(prefix + d))


def _digits(rng: random.Random, n: int) -> str:
    return "".join(rng.choice(string.digits) for _ in range(n))


Maker = Callable[[random.Random], str]


def _card_luhn_invalid(rng: random.Random) -> str:
    prefix = rng.choice(("4", "51", "55", "2720", "6011"))
    valid = luhn_complete(prefix + _digits(rng, 15 - len(prefix)))
    number = valid[:-1] + str((int(valid[-1]) + rng.randint(1, 9)) % 10)
    return f"Card {group_digits(number, rng.choice((' ', '-', '')))} was declined, try again."


def _card_no_issuer(rng: random.Random) -> str:
    return f"Tracking ID {luhn_complete(rng.choice('019') + _digits(rng, 14))} (Luhn-valid, no card issuer)."


def _imei(rng: random.Random) -> str:
    return f"IMEI: {luhn_complete('35' + _digits(rng, 12))} - device registered to the fleet."


def _long_order(rng: random.Random) -> str:
    number = next(n for n in iter(lambda: _digits(rng, 16), "") if not luhn_ok(n))
    return f"Your order {rng.choice(('#', 'no. ', 'ID '))}{number} has shipped."


CARD_NEGATIVES: tuple[tuple[str, Maker], ...] = (
    ("luhn-invalid with issuer prefix", _card_luhn_invalid),
    ("luhn-valid, no issuer prefix", _card_no_issuer),
    ("IMEI (luhn-valid, 15 digits)", _imei),
    ("16-digit order number, luhn-invalid", _long_order),
)


def _ssn_bad(rng: random.Random) -> str:
    choice = rng.randrange(4)
    area = ("000", "666", str(rng.randint(900, 999)), f"{rng.randint(1, 665):03d}")[choice]
    group = "00" if choice == 3 else f"{rng.randint(1, 99):02d}"
    serial = "0000" if choice == 3 and rng.random() < 0.5 else f"{rng.randint(1, 9999):04d}"
    return f"SSN field contains {area}-{group}-{serial}, which is not a valid number."


def _ssn_lookalike_text(rng: random.Random) -> str:
    return rng.choice(
        (
            f"Part no. {_digits(rng, 3)}-{_digits(rng, 2)}-{_digits(rng, 5)} is back in stock.",
            f"Case ref {_digits(rng, 2)}-{_digits(rng, 3)}-{_digits(rng, 4)} in the ticket.",
            f"Date {rng.randint(2000, 2030)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d} at noon.",
        )
    )


SSN_NEGATIVES: tuple[tuple[str, Maker], ...] = (
    ("invalid area/group/serial", _ssn_bad),
    ("other dashed numbers", _ssn_lookalike_text),
)


# Country, and the BBAN as (letters, digits), for the IBAN look-alikes.
BBAN_SHAPES = {"GB": (4, 14), "DE": (0, 18), "FR": (0, 23), "ES": (0, 20), "IT": (1, 22), "NL": (4, 10)}


def _iban_bad_check(rng: random.Random) -> str:
    country = rng.choice(sorted(BBAN_SHAPES))
    letters, digits = BBAN_SHAPES[country]
    bban = _chars(rng, string.ascii_uppercase, letters) + _digits(rng, digits)
    good = 98 - int("".join(str(int(ch, 36)) for ch in bban + country + "00")) % 97
    bad = next(c for c in ((good + k) % 97 + 2 for k in range(1, 97)) if not iban_valid(f"{country}{c:02d}{bban}"))
    return f"Please wire the deposit to IBAN {country}{bad:02d}{bban} (checksum fails)."


def _iban_bad_country(rng: random.Random) -> str:
    body = "".join(rng.choice(UPPER_ALNUM) for _ in range(18))
    return f"Reference {rng.choice(('QX', 'ZZ', 'XY'))}{_digits(rng, 2)}{body} from the old ledger."


IBAN_NEGATIVES: tuple[tuple[str, Maker], ...] = (
    ("wrong check digits", _iban_bad_check),
    ("unknown country code", _iban_bad_country),
)


def _ip_lookalike(rng: random.Random) -> str:
    a, b, c, d = (rng.randint(0, 30) for _ in range(4))
    return rng.choice(
        (
            f"Upgrade the agent to v{a}.{b}.{c}.{d} before Friday.",
            f"Octets out of range: {rng.randint(256, 999)}.{b}.{c}.{rng.randint(256, 999)}",
            f"OID {a}.3.6.1.4.1.{rng.randint(1000, 9999)}.{b}",
            f"Windows build 10.0.{rng.randint(10000, 26000)}.{rng.randint(1000, 9999)}",
            f"Section {a}.{b}.{c}.{d}.{rng.randint(1, 9)} of the spec covers this.",
            f"Driver version {a}.{b}.{c}.{d} is installed on the build agents.",
        )
    )


def _mac(rng: random.Random) -> str:
    mac = ":".join(f"{rng.randrange(256):02X}" for _ in range(6))
    return f"Wi-Fi adapter MAC {mac} is on the allow list."


def _clock(rng: random.Random) -> str:
    return f"Build finished at {rng.randint(0, 23):02d}:{rng.randint(0, 59):02d}:{rng.randint(0, 59):02d} on runner 7."


IP_NEGATIVES: tuple[tuple[str, Maker], ...] = (
    ("version strings / out-of-range octets", _ip_lookalike),
    ("MAC address", _mac),
    ("clock time", _clock),
)


def _email_lookalike(rng: random.Random) -> str:
    name = rng.choice(("lodash", "react", "typescript", "eslint", "vite", "zod"))
    version = f"{rng.randint(1, 20)}.{rng.randint(0, 30)}.{rng.randint(0, 9)}"
    return rng.choice(
        (
            f"npm install {name}@{version} --save",
            f"Use the icon asset logo@{rng.randint(2, 3)}x.png for retina screens.",
            f"Ping @{rng.choice(('jdoe', 'ops_team', 'maria.k'))} in the channel when the build is green.",
            "@media (max-width: 600px) { .nav { display: none; } }",
            f"@app.route('/items/{rng.randint(1, 99)}') decorates the handler.",
            f"docker pull nginx@sha256:{_chars(rng, '0123456789abcdef', 64)}",
            f"pnpm add @types/{name}@^{version}",
            f"Let's meet @ {rng.randint(1, 12)}pm near the entrance.",
        )
    )


def _git_remote(rng: random.Random) -> str:
    host = rng.choice(("github.com", "gitlab.com", "bitbucket.org"))
    return f"git remote add origin git@{host}:{_chars(rng, string.ascii_lowercase, 6)}/{rng.randint(1, 999)}.git"


# The maker lists are taken in turn: a kind listed k times gets k shares of the cases.
EMAIL_NEGATIVES: tuple[tuple[str, Maker], ...] = (
    *(("@ in non-addresses", _email_lookalike),) * 5,
    ("git SSH remote (git@host:repo)", _git_remote),
)


def _phone_lookalike(rng: random.Random) -> str:
    return rng.choice(
        (
            f"Created at {1_600_000_000 + rng.randrange(200_000_000)} (unix seconds).",
            f"Event time {1_600_000_000_000 + rng.randrange(200_000_000_000)} ms since epoch.",
            f"ISBN 978-{rng.randint(0, 1)}-{_digits(rng, 3)}-{_digits(rng, 5)}-{rng.randint(0, 9)}",
            f"The measurements are {rng.randint(100, 999)} x {rng.randint(10, 99)} x {rng.randint(10, 99)} mm.",
            f"Totals: {rng.randint(1000, 9999)}.{_digits(rng, 2)} EUR and "
            f"{rng.randint(100, 999)}.{_digits(rng, 2)} USD.",
            f"Coordinates {rng.uniform(-80, 80):.6f}, {rng.uniform(-170, 170):.6f}",
            f"Between {rng.randint(1990, 2024)} and {rng.randint(2025, 2030)} the index rose {rng.randint(2, 40)}%.",
            f"Invoice {rng.randint(2019, 2025)}-{_digits(rng, 6)} is overdue.",
        )
    )


def _signed_amount(rng: random.Random) -> str:
    return f"Net revenue +{rng.randint(1, 99)} {_digits(rng, 3)} {_digits(rng, 3)} EUR year over year."


PHONE_NEGATIVES: tuple[tuple[str, Maker], ...] = (
    *(("timestamps, ISBNs, amounts, coordinates", _phone_lookalike),) * 5,
    ("signed amounts (+N NNN NNN EUR)", _signed_amount),
)


def _sk_word(rng: random.Random) -> str:
    return rng.choice(
        (
            "pip install scikit-learn  # imported as sklearn, not sk-learn",
            f"We pinned sk-learn-extra to 0.{rng.randint(1, 9)}.0 in requirements.",
            f"The risk-proj-{rng.randint(2019, 2025)}-review folder is archived.",
            f"Ticket DESK-{rng.randint(100, 9999)}: ask-proj-lead about the sk-{rng.randint(1, 99)} sizing.",
            f"Stock keeping unit sk-{_chars(rng, ALNUM, 6)} is discontinued.",
            f"Placeholder: set OPENAI_API_KEY=sk-... in your .env (do not commit it), attempt {rng.randint(1, 9)}.",
        )
    )


def _ant_word(rng: random.Random) -> str:
    return rng.choice(
        (
            f"The task-antagonist-{rng.randint(1, 99)} test is flaky.",
            f"Use the ask-ant-colony heuristic with {rng.randint(10, 500)} ants.",
            f"Prefix is sk-ant-...; the rest of the key is stored in the vault (item {rng.randint(1, 999)}).",
            f"Desk-antenna cable sk-ant-{rng.randint(10, 99)}cm is out of stock.",
        )
    )


def _aws_word(rng: random.Random) -> str:
    return rng.choice(
        (
            f"Serial {_chars(rng, string.ascii_uppercase, 4)}{_chars(rng, UPPER_ALNUM, 16)} on the warranty card.",
            f"Booking reference AKIA{_chars(rng, UPPER_ALNUM, rng.randint(3, 10))} confirmed.",
            f"The akia{_chars(rng, string.ascii_lowercase, 16)} bucket name is lowercase.",
            f"Part {_chars(rng, UPPER_ALNUM, 20)} replaced under warranty.",
        )
    )


def _github_word(rng: random.Random) -> str:
    return rng.choice(
        (
            f"Deploy the docs from the gh-pages branch, run {rng.randint(1, 999)}.",
            f"Set GITHUB_TOKEN=ghp_xxx in CI secrets (placeholder, step {rng.randint(1, 9)}).",
            f"The ghp_{_chars(rng, ALNUM, rng.randint(3, 12))} prefix in the docs is truncated.",
            f"Variable ghost_token_{rng.randint(1, 99)} is unused.",
            f"github_pat_ tokens expire after {rng.randint(7, 365)} days by default.",
        )
    )


JWT_HEADER_ONLY = b64url(b'{"alg":"HS256","typ":"JWT"}')


def _non_jwt(rng: random.Random) -> str:
    return rng.choice(
        (
            f"Attachment body: {base64.b64encode(rng.randbytes(rng.randint(24, 90))).decode()}",
            f"Checksum {b64url(rng.randbytes(12))}.{b64url(rng.randbytes(9))}.{b64url(rng.randbytes(15))} mismatch.",
            f"Host api.{_chars(rng, string.ascii_lowercase, 6)}.example.org resolved in {rng.randint(2, 90)} ms.",
            f"Header only: {JWT_HEADER_ONLY} (no payload).",
            f"Release {rng.randint(1, 9)}.{rng.randint(0, 30)}.{rng.randint(0, 99)}-rc.{rng.randint(1, 5)} is out.",
        )
    )


def _public_pem(rng: random.Random) -> str:
    label = rng.choice(("PUBLIC KEY", "CERTIFICATE", "RSA PUBLIC KEY", "CERTIFICATE REQUEST"))
    return f"Here is our {label.lower()}:\n{make_pem(rng, label, rng.choice((294, 800, 1100)), 64)}"


def _key_words(rng: random.Random) -> str:
    return rng.choice(
        (
            f"ssh-ed25519 {base64.b64encode(rng.randbytes(51)).decode()} deploy@ci",
            f"ssh-rsa {base64.b64encode(rng.randbytes(279)).decode()} admin@host",
            "Where should I store my private key so that the build server can read it but developers cannot?",
            f"Rotate the private key every {rng.randint(30, 365)} days and keep the public one in the repo.",
        )
    )


SECRET_NEGATIVES: dict[str, tuple[tuple[str, Maker], ...]] = {
    "openai_key": (("sk- words and placeholders", _sk_word),),
    "anthropic_key": (("sk-ant words and placeholders", _ant_word),),
    "aws_access_key": (("20-char codes, short AKIA", _aws_word),),
    "github_token": (("gh words and placeholders", _github_word),),
    "jwt": (("non-JWT base64 and dotted strings", _non_jwt),),
    "private_key": (("public keys and certificates", _public_pem), ("ssh public keys, key talk", _key_words)),
}


def _uuid(rng: random.Random) -> str:
    return f"request_id={uuid.UUID(bytes=rng.randbytes(16), version=4)} retried {rng.randint(1, 5)} times"


def _sha(rng: random.Random) -> str:
    return rng.choice(
        (
            f"Fixed in commit {rng.randbytes(20).hex()}.",
            f"Cherry-pick {rng.randbytes(4).hex()[:7]} onto the release branch.",
            f"sha256: {rng.randbytes(32).hex()}",
        )
    )


def _dates_prices(rng: random.Random) -> str:
    return rng.choice(
        (
            f"Due {rng.randint(1, 28):02d}/{rng.randint(1, 12):02d}/{rng.randint(2020, 2030)}, "
            f"amount ${rng.randint(1, 9)},{_digits(rng, 3)}.{_digits(rng, 2)}",
            f"{rng.randint(2020, 2030)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
            f"T{rng.randint(0, 23):02d}:15:00Z job done",
            f"Order #{_digits(rng, rng.randint(6, 12))} total {rng.randint(10, 999)},{_digits(rng, 2)} EUR",
            f"Version {rng.randint(0, 9)}.{rng.randint(0, 30)}.{rng.randint(0, 200)} released, "
            f"{rng.randint(2, 99)}% faster.",
        )
    )


def _reserved_email(rng: random.Random) -> str:
    fake = _faker("en_US", f"reserved/{rng.random()}")
    domain = rng.choice((fake.safe_domain_name(), f"{fake.domain_word()}.test", f"mail.{fake.domain_word()}.example"))
    return f"Use {fake.user_name()}@{domain} in the screenshots of the signup flow."


def _documentation_ip(rng: random.Random) -> str:
    network = rng.choice(("192.0.2.0/24", "198.51.100.0/24", "203.0.113.0/24", "2001:db8::/32", "10.0.0.0/8"))
    net = ipaddress.ip_network(network)
    address = net[rng.randrange(1, min(net.num_addresses - 1, 1 << 32))]
    return f"In the diagram the gateway is {address} and clients sit behind it."


def _fictional_phone(rng: random.Random) -> str:
    number = f"{rng.randint(201, 989)}-555-01{rng.randint(0, 99):02d}"
    return rng.choice((f"The TV ad says: call {number} today!", f"Seed data: phone: '+1 {number}'"))


def _placeholder_key(rng: random.Random) -> str:
    prefix = rng.choice(("sk-proj-", "AK" + "IA", "gh" + "p_", "sk-ant-api03-"))
    body = rng.choice(("X" * 40, "x" * 40, "0" * 40, "YOUR_" + "KEY_HERE_" * 4, "IOSFODNN7" + "EXAMPLE" * 4))
    length = {"AK" + "IA": 16, "gh" + "p_": 36}.get(prefix, 40)
    return f"Template: API_KEY={prefix}{body[:length]} (replace with your own)."


# Values of PII shape that cannot reach anyone (the default `reserved_values: allow`).
RESERVED_NEGATIVES: tuple[tuple[str, Maker], ...] = (
    ("reserved email domain", _reserved_email),
    ("documentation / private IP", _documentation_ip),
    ("fictional NANP 555-01xx", _fictional_phone),
    ("placeholder credential", _placeholder_key),
)

GENERIC_NEGATIVES: tuple[tuple[str, Maker], ...] = (
    ("UUID", _uuid),
    ("git SHA / hash", _sha),
    ("dates, prices, order numbers", _dates_prices),
)

TARGETED: dict[str, tuple[tuple[str, Maker], ...]] = {
    "email": EMAIL_NEGATIVES,
    "phone": PHONE_NEGATIVES,
    "credit_card": CARD_NEGATIVES,
    "ssn": SSN_NEGATIVES,
    "iban": IBAN_NEGATIVES,
    "ip_address": IP_NEGATIVES,
    **SECRET_NEGATIVES,
}


def _make(target: str, makers: tuple[tuple[str, Maker], ...], n: int) -> list[NegativeCase]:
    """`n` distinct look-alikes for `target`, the makers taking turns (a maker's repeats are dropped)."""
    rng = _rng(f"negative/{target}")
    cases: dict[str, NegativeCase] = {}
    for i in range(n * 50):
        kind, maker = makers[i % len(makers)]
        text = maker(rng)
        cases.setdefault(text, NegativeCase(target, kind, text))
        if len(cases) == n:
            break
    return list(cases.values())


def all_negatives() -> list[NegativeCase]:
    """Targeted look-alikes (PER_ENTITY per entity), generic number-like strings, and the benign prompts."""
    cases = [case for target, makers in TARGETED.items() for case in _make(target, makers, PER_ENTITY)]
    cases += _make("generic", GENERIC_NEGATIVES, 150)
    cases += _make("reserved", RESERVED_NEGATIVES, PER_ENTITY)
    cases += [NegativeCase("generic", "handwritten benign prompt", text) for text in BENIGN_PROMPTS + BENIGN_LONG]
    return cases
