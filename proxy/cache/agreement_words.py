"""Word lists for `proxy.cache.agreement`: stopwords, negations, polarity pairs, numbers and units.

Pure data, built once at import. Guarantees: every polarity form maps to exactly one (class, pole)
(first listed wins, and the tests check there are no clashes); keys are casefolded and without
apostrophes, the form `agreement` looks words up in.
"""

from __future__ import annotations


def _list(text: str) -> list[str]:
    return text.split()


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


def _table(text: str) -> dict[str, str]:
    """'a:b c:d' -> {'a': 'b', 'c': 'd'}."""
    return dict(item.split(":", 1) for item in text.split())


# Words never marked as entities by capitalisation and left out of signatures unless quoted or
# shaped like an entity: function words, pronouns, politeness, and the verbs questions open with.
STOPWORDS = _words(
    """a an the is are was were be been being am do does did doing done have has had having to of in
    on at for by with about as and or but if then than so such it its this that these those there here
    i me my mine myself we us our you your yours he him his she her they them their what which how
    whats hows thats theres heres im ive id ill youre were weve theyre lets can could would should will
    shall may might must please pls plz kindly thanks thank thx cheers hi hello hey dear sir madam team
    folks guys tell give show explain describe write calculate compute find define summarize
    summarise convert help need want know like get make way ways just also too very really quick
    question some any each every all both either one ones someone something anyone anything etc eg ie
    ok okay yes yeah well hmm um possible actually exactly basically currently again still via per
    into onto from up down out over under between vs versus versa mr mrs ms dr"""
)

NEGATIONS = _words(
    """not no never none nothing nobody nowhere neither nor without cannot cant dont doesnt didnt isnt
    arent wasnt werent wont wouldnt shouldnt couldnt hasnt havent hadnt mustnt neednt aint nope"""
)

# Question words whose swap changes the answer ("when was X founded" vs "where was X founded").
WH_WORDS = {"who": "who", "whom": "who", "when": "when", "where": "where", "why": "why"}
# "what year" asks "when", "which author" asks "who": the noun is the question word's frame.
WH_NOUNS = {w: "when" for w in _list("year date")} | {
    w: "who"
    for w in _list(
        """person artist author writer composer painter inventor scientist poet playwright novelist
        director actor actress singer explorer mathematician philosopher"""
    )
}
CAUSE_VERBS = _words("causes caused cause makes made")  # "what causes X" asks "why X"

# Polarity classes: (name, positive forms, negative forms). Base forms are inflected automatically
# (-s, -es, -ed, -ing, doubled consonant, e-drop); irregular forms are listed. An empty positive
# side means "absence is as good as the positive": only the negative pole is recorded.
POLARITY_CLASSES: tuple[tuple[str, str, str], ...] = (
    ("enable", "enable activate unmute reenable", "disable deactivate mute"),
    (
        "allow",
        "allow permit unblock whitelist allowlist grant unban",
        "deny block forbid disallow blacklist blocklist ban prevent revoke",
    ),
    ("add", "add insert append create attach", "remove delete drop erase destroy detach"),
    ("increase", "increase raise grow boost enlarge increment", "decrease reduce shrink lessen decrement"),
    ("start", "start begin launch began begun", "stop halt terminate kill"),
    ("open", "open reopen", "close shut"),
    ("lock", "lock", "unlock"),
    ("include", "include", "exclude omit"),
    ("before", "before prior earlier", "after later"),
    ("above", "above over", "below beneath under underneath"),
    ("up", "up upward upwards uphill upstairs", "down downward downwards downhill downstairs"),
    ("out", "", "out"),
    ("until", "until till", "since"),
    ("forward", "forward forwards ahead", "backward backwards behind"),
    ("top", "top", "bottom"),
    ("more", "more greater higher larger bigger longer taller heavier", "less fewer lower smaller shorter lighter"),
    (
        "extreme",
        "max maximum maximise maximize highest largest biggest most longest tallest",
        "min minimum minimise minimize lowest smallest least fewest shortest",
    ),
    ("fast", "fast faster fastest", "slow slower slowest"),
    ("quality", "", "worst worse"),
    ("age", "", "old older oldest legacy outdated"),
    ("buy", "buy purchase bought", "sell sold"),
    ("import", "import", "export"),
    ("upload", "upload", "download"),
    ("encrypt", "encrypt", "decrypt"),
    ("encode", "encode serialize serialise", "decode deserialize deserialise"),
    ("compress", "compress zip", "decompress unzip"),
    ("mount", "mount", "unmount"),
    ("install", "install", "uninstall"),
    ("subscribe", "subscribe", "unsubscribe"),
    ("connect", "connect", "disconnect"),
    ("show", "show shown unhide", "hide hid hidden"),
    ("expand", "expand", "collapse"),
    ("accept", "accept approve", "reject decline refuse"),
    ("push", "push", "pull"),
    ("send", "send sent", "receive"),
    ("win", "win won winning", "lose lost losing"),
    ("input", "input", "output"),
    ("read", "read", "write"),
    ("public", "public", "private"),
    ("left", "left", "right"),
    ("north", "north northern", "south southern"),
    ("east", "east eastern", "west western"),
    ("order", "ascending asc", "descending desc"),
    ("credit", "credit", "debit"),
    ("deposit", "deposit", "withdraw withdrew withdrawal"),
    ("temperature", "hot warm", "cold cool"),
    ("inside", "inside internal inner indoor indoors", "outside external outer outdoor outdoors"),
    ("sign", "positive", "negative"),
    ("online", "online", "offline"),
    ("valid", "valid", "invalid"),
    ("legal", "legal", "illegal"),
    ("success", "succeed success successful", "fail failure failed"),
    ("truth", "true", "false"),
    ("login", "login logon signin", "logout logoff signout"),
    ("signup", "signup register", ""),
    ("optin", "optin", "optout"),
    ("upgrade", "upgrade", "downgrade"),
    ("next", "next following", "previous"),
    ("pause", "resume unpause", "pause"),
    ("case", "uppercase", "lowercase"),
    ("required", "required mandatory necessary", "optional unnecessary"),
    # Negative prefixes: the plain word is how questions are usually asked, so only the negation counts.
    ("possible", "", "impossible"),
    ("able", "", "unable"),
    ("likely", "", "unlikely"),
    ("safe", "", "unsafe"),
    ("secure", "", "insecure"),
    ("available", "", "unavailable"),
    ("supported", "", "unsupported"),
    ("authorized", "", "unauthorized unauthorised"),
    ("known", "", "unknown"),
    ("correct", "", "incorrect wrong"),
    ("reachable", "", "unreachable"),
    ("responsive", "", "unresponsive"),
)

# Direction and relation classes: their poles are also content words in place (`agreement_content`
# REL), so they keep their order and the words they attach to ("a man over 60 and a woman" differs
# from "a man and a woman over 60"), not only their count. Comparatives and superlatives (more/less,
# largest/smallest) are not: "the largest organ" == "which organ is the largest"; when both poles
# of their class appear, their order still has to match.
POSITIONAL = _words("before above up out until forward top inside north east left next")

# Always content, whatever their case ("monday" vs "tuesday"). "may" and "march" are left out (verbs).
DATE_WORDS = _words(
    """monday tuesday wednesday thursday friday saturday sunday january february april june july august
    september october november december weekday weekdays weekend weekends"""
)

# (verb, particle) -> a form looked up in POLARITY_CLASSES: "turn off" is "disable".
PARTICLES: dict[tuple[str, ...], str] = {
    tuple(key.split("+")): form
    for key, form in _table(
        """turn+on:enable switch+on:enable toggle+on:enable power+on:enable turn+off:disable switch+off:disable
        toggle+off:disable power+off:disable shut+off:disable shut+down:stop log+in:login sign+in:login
        log+on:login log+out:logout sign+out:logout log+off:logout sign+up:signup opt+in:optin opt+out:optout
        scale+up:increase scale+down:decrease turn+up:increase turn+down:decrease speed+up:faster
        slow+down:slower zoom+in:enlarge zoom+out:shrink"""
    ).items()
}
LONE_OFF = "disable"  # "is wifi off?": a bare "off" counts as the disable pole

SMALL_NUMBERS = {
    w: i
    for i, w in enumerate(
        _list(
            "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen "
            "sixteen seventeen eighteen nineteen"
        )
    )
}
TENS = {w: 10 * (i + 2) for i, w in enumerate(_list("twenty thirty forty fifty sixty seventy eighty ninety"))}
SCALES = {"hundred": 100, "thousand": 1000, "million": 10**6, "billion": 10**9, "trillion": 10**12}
MULTIPLIER_SUFFIXES = {"k": 1000, "thousand": 1000, "million": 10**6, "mn": 10**6, "bn": 10**9, "billion": 10**9}
ORDINALS = {
    w: i + 1
    for i, w in enumerate(_list("first second third fourth fifth sixth seventh eighth ninth tenth eleventh twelfth"))
}
ORDINAL_SUFFIXES = frozenset({"st", "nd", "rd", "th"})
LAST_WORDS = frozenset({"last", "final", "penultimate"})

# Unit and currency spellings -> canonical unit. Units attach to a number before them ("5 km" ==
# "5km" == "5 kilometres"); alone, a unit word of two or more letters is itself a content token.
_UNIT_GROUPS = {
    "km": "km kms kilometer kilometers kilometre kilometres",
    "m": "m meter meters metre metres",
    "cm": "cm centimeter centimeters centimetre centimetres",
    "mm": "mm millimeter millimeters millimetre millimetres",
    "mi": "mi mile miles",
    "ft": "ft foot feet",
    "in": "inch inches",
    "kg": "kg kgs kilogram kilograms kilo kilos",
    "g": "g gram grams",
    "lb": "lb lbs",
    "oz": "oz ounce ounces",
    "l": "l liter liters litre litres",
    "ml": "ml milliliter milliliters millilitre millilitres",
    "gal": "gal gallon gallons",
    "c": "c celsius centigrade",
    "f": "f fahrenheit",
    "deg": "degree degrees deg",
    "%": "percent percentage pct",
    "s": "s sec secs seconds",
    "ms": "ms millisecond milliseconds",
    "min": "minute minutes mins",
    "h": "h hr hrs hour hours",
    "d": "day days",
    "wk": "week weeks",
    "mo": "month months",
    "yr": "year years yrs",
    "kb": "kb kilobyte kilobytes",
    "mb": "mb megabyte megabytes",
    "gb": "gb gigabyte gigabytes",
    "tb": "tb terabyte terabytes",
    "mbps": "mbps",
    "ghz": "ghz",
    "mph": "mph",
    "kmh": "kmh kph",
    "am": "am",
    "pm": "pm",
    "usd": "usd dollar dollars bucks",
    "eur": "eur euro euros",
    "gbp": "gbp sterling",
    "pound": "pound pounds",
    "jpy": "jpy yen",
    "cny": "cny rmb yuan",
    "inr": "inr rupee rupees",
    "chf": "chf franc francs",
    "cad": "cad",
    "aud": "aud",
    "mxn": "mxn peso pesos",
    "btc": "btc bitcoin bitcoins",
    "eth": "eth ether",
}
UNITS = {form: unit for unit, forms in _UNIT_GROUPS.items() for form in forms.split()}
CURRENCY_CODES = _words("nzd sgd hkd sek nok dkk pln czk huf zar brl krw rub aed sar ils thb idr")
CURRENCY_SYMBOLS = {"$": "usd", "€": "eur", "£": "gbp", "¥": "jpy", "₹": "inr", "₿": "btc"}

OPERATOR_SYMBOLS = _table("+:+ *:* \u00d7:* \u00b7:* /:/ \u00f7:/ ^:^ =:= <:< >:> \u2264:<= \u2265:>= \u2260:!=")
OPERATOR_WORDS = _table(
    "plus:+ minus:- multiplied:* divided:/ mod:mod modulo:mod sqrt:sqrt squared:^2 cubed:^3 factorial:!"
)
BETWEEN_NUMBERS_OPERATORS = {"times": "*", "x": "*", "-": "-", "%": "mod", "over": "/"}


def inflections(base: str) -> set[str]:
    """`base` and its regular inflections (over-generating is harmless: the extra forms are not words)."""
    forms = {base, base + "s", base + "es", base + "ed", base + "d", base + "ing"}
    if base.endswith("e"):
        forms.add(base[:-1] + "ing")
    if base.endswith("y"):
        forms |= {base[:-1] + "ies", base[:-1] + "ied"}
    if len(base) >= 3 and base[-1] not in "aeiouwxy" and base[-2] in "aeiou" and base[-3] not in "aeiou":
        forms |= {base + base[-1] + "ed", base + base[-1] + "ing"}
    return forms


def _polarity_table() -> dict[str, tuple[int, int]]:
    """Each form -> (class index, pole): pole 1 positive, 2 negative; the first class listing a form wins."""
    table: dict[str, tuple[int, int]] = {}
    for index, (_name, positive, negative) in enumerate(POLARITY_CLASSES):
        for pole, bases in ((1, positive), (2, negative)):
            for base in bases.split():
                for form in sorted(inflections(base)):
                    if form == base or form not in UNITS:
                        table.setdefault(form, (index, pole))
    return table


POLARITY = _polarity_table()
PARTICLE_VERBS = {form: verb for verb, _particle in PARTICLES for form in inflections(verb)}
PARTICLE_VERBS.update({"shut": "shut", "logged": "log", "logging": "log", "signed": "sign", "signing": "sign"})

# "to" after these starts an infinitive ("the best time to visit"), never a conversion target.
TO_AFTER_VERB = _words("able going trying try used plan planning wish hoping easiest best fastest simplest cheapest")
TO_AFTER_VERB |= _words("quickest safest time supposed")

# After one of these, "to" introduces a target whose order matters ("convert a string to an int").
DIRECTIONAL = frozenset(
    {
        f
        for verb in _list("convert cast translate transform migrate move switch change map transfer port")
        for f in inflections(verb)
    }
    | _words("conversion translation transformation migration")
)
