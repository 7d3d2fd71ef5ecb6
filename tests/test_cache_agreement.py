"""The semantic cache's content-token agreement check (proxy/cache/agreement.py), table-driven.

AGREE: paraphrases whose content tokens agree. DISAGREE: edits that change the answer, one row per
kind of content token. Both tables are checked in both directions (agreement is symmetric).
"""

from __future__ import annotations

import time

import pytest

from proxy.cache import agreement_words as lex
from proxy.cache.agreement import MAX_CHARS, MAX_ITEMS, MAX_TYPOS, VERSION, agree, content_items, signature
from proxy.cache.agreement_content import PROTECTED
from proxy.cache.known_words import correct

AGREE = [
    # case, punctuation, stopwords, politeness, word order of non-content words
    ("What is the capital of France?", "Hi! Could you please tell me what the capital of France is?"),
    ("How do I reset my iPhone?", "how do i reset my iphone"),
    ("HOW DO I RESET MY PASSWORD", "how do i reset my password"),
    ("How To Reset My Password", "how do I reset my password?"),
    ("Explain recursion", "Describe recursion"),
    ("Reverse a list in Python", "How do I invert a Python list?"),
    ("What does the error 'ModuleNotFoundError' mean?", "what does the error modulenotfounderror mean"),
    ("How do I enable 2FA?", "how do i enable 2fa"),
    ("Is there a mobile app for Android?", "Is there an Android mobile app?"),
    # numbers, units, currencies, operators
    ("What is 17x23?", "what's 17 * 23"),
    ("What is 17x23?", "What is 17 times 23?"),
    ("What's twenty five times four?", "What is 25 * 4"),
    ("How far is 5km?", "how far is 5 kilometres"),
    ("Is $5 enough?", "is 5 dollars enough"),
    ("Is $5 enough?", "is 5 USD enough"),
    ("Buy 1,000 shares", "buy 1000 shares"),
    ("Is .5 the same as 0.5?", "is 0.5 the same as .5"),
    ("What is the 3rd planet?", "What is the third planet"),
    ("What is 5 - 3?", "What is 5-3?"),
    ("What is 15% of 80?", "what is 15 percent of 80"),
    ("Tell me about GPT-4", "tell me about gpt 4"),
    ("What is $2.5 million in euros?", "what is 2500000 usd in eur"),
    ("It is 30°C outside", "it is 30 degrees celsius outside"),
    ("two hundred and five", "205"),
    ("Which one is better?", "Which is better?"),
    # polarity expressed the same way, or with a synonym inside one class
    ("How do I turn on dark mode?", "how to enable dark mode"),
    ("How do I log-in?", "how do i login"),
    ("How do I delete my account?", "How can I remove my account?"),
    ("Why isn't my card working?", "why is my card not working"),
    ("Can I get a refund?", "Is it possible to get a refund?"),
    # order that does not change the answer
    ("convert usd to eur", "convert from usd to eur"),
    ("convert usd to eur", "convert to eur from usd"),
    ("How do I convert a string to an int in Java?", "converting a string into an int in Java"),
    ("Do you ship to Germany?", "do you deliver to germany"),
    ("How to reverse a list in Python", "How do I reverse a list in Python?"),
    ("", ""),
    ("???", "!!!"),
    # content words (agreement v2): the same words up to synonyms, inflection, typos, "X of Y" / "Y X"
    ("What is the capital of France?", "What is France's capital?"),
    ("How do I create a new branch in git?", "How do I create a new git branch?"),
    ("How do I delete my account permanently?", "How do I permanently delete my account?"),
    ("Should I pay off debt or invest?", "Should I invest or pay off debt?"),
    ("How do I reset my pasword?", "how do i reset my password"),
    ("What are the symptoms of the flu?", "What are the signs of the flu?"),
    ("Does every user need a licence?", "Does each user need a licence?"),
]

DISAGREE = [
    # lowercase content words (agreement v2): antonyms no list knows, attributes, roles, quantifiers
    ("What is the boiling point of water?", "What is the freezing point of water?"),
    ("Is coffee good for you?", "Is coffee bad for you?"),
    ("the tallest mountain", "the deepest mountain"),
    ("What is the height of the Eiffel Tower?", "What is the weight of the Eiffel Tower?"),
    ("visa requirements for working in Canada", "visa requirements for studying in Canada"),
    ("Can a cat eat dog food?", "Can a dog eat cat food?"),
    ("Does sugar cause diabetes?", "Does diabetes cause sugar?"),
    ("convert dollars to euros", "convert euros to dollars"),
    ("Is a list of dicts hashable?", "Is a dict of lists hashable?"),
    ("Do all birds fly?", "Do any birds fly?"),
    ("How do I select all rows?", "How do I select some rows?"),
    ("How do I select every row in Excel?", "How do I select every other row in Excel?"),
    ("Can I drink milk?", "Can I never drink milk?"),
    ("How many grams in a pound?", "How many grams in an ounce?"),
    # polarity: antonym classes, particles, negation, question words
    ("How do I enable 2FA?", "How do I disable 2FA?"),
    ("How do I turn on dark mode?", "How do I turn off dark mode?"),
    ("How do I sign in to GitHub?", "How do I sign out of GitHub?"),
    ("How do I add a user?", "How do I remove a user?"),
    ("Should I buy Tesla stock?", "Should I sell Tesla stock?"),
    ("How do I lock my account?", "How do I unlock my account?"),
    ("Export my contacts", "Import my contacts"),
    ("Upload a file to S3", "Download a file from S3"),
    ("Encrypt the disk", "Decrypt the disk"),
    ("Include tests in the build", "Exclude tests from the build"),
    ("Allow pop-ups in Chrome", "Block pop-ups in Chrome"),
    ("Increase my limit", "Decrease my limit"),
    ("Start the server", "Stop the server"),
    ("Open a ticket", "Close a ticket"),
    ("Can I cancel before the renewal?", "Can I cancel after the renewal?"),
    ("Temperatures above zero", "Temperatures below zero"),
    ("What is the max value of an int?", "What is the min value of an int?"),
    ("Is wifi on?", "Is wifi off?"),
    ("Why is the sky blue?", "Why isn't the sky blue?"),
    ("Can I pay with cash?", "Can I pay without cash?"),
    ("Who founded Microsoft?", "When was Microsoft founded?"),
    ("When was Einstein born?", "Where was Einstein born?"),
    ("What is the best month to visit?", "What is the worst month to visit?"),
    ("enable X and disable Y", "disable X and enable Y"),
    ("Is it possible to merge two accounts?", "Is it impossible to merge two accounts?"),
    ("Is the field required?", "Is the field optional?"),
    ("support hours on monday", "support hours on tuesday"),
    # numbers, units, operators
    ("What is 17x23?", "What is 17x24?"),
    ("What happened in 1995?", "What happened in 1996?"),
    ("How far is 5km?", "how far is 5 miles"),
    ("What is -5 squared?", "What is 5 squared?"),
    ("What is 12 squared?", "What is 12 cubed?"),
    ("What is 250 minus 75?", "What is 250 plus 75?"),
    ("What is 10am in PST?", "What is 10pm in PST?"),
    ("What is the 1st item?", "What is the 2nd item?"),
    ("Undo the last commit", "Undo the first commit"),
    ("Refund within 30 days", "Refund within 60 days"),
    ("Python 3.10", "Python 3.1"),
    ("Tell me about GPT-4", "Tell me about GPT-3"),
    ("How many seconds in a day?", "How many seconds in an hour?"),
    ("Order #1234", "Order #1243"),
    ("What is $5k of income taxed at?", "What is $6k of income taxed at?"),
    # entities and their order
    ("What is the capital of France?", "What is the capital of Germany?"),
    ("Convert 100 USD to EUR", "Convert 100 EUR to USD"),
    ("Convert USD to EUR", "Convert EUR to USD"),
    ("convert usd to eur", "convert from eur to usd"),
    ("Python: how do I reverse a list", "Java: how do I reverse a list"),
    ("How do I convert a string to an int in Java?", "How do I convert an int to a string in Java?"),
    ("Do you ship to Germany?", "Do you ship from Germany?"),
    ("How far is Paris from London", "How far is London from Paris"),
    ("Is a list faster than a tuple?", "Is a tuple faster than a list?"),
    ("When did World War II end?", "When did World War I end?"),
    ("Who is the CEO of Tesla?", "Who is the CFO of Tesla?"),
    ("What does `os.path.join` do?", "What does `os.path.split` do?"),
    ("Open https://example.com/a", "Open https://example.com/b"),
    ('What does "hello" mean?', 'What does "goodbye" mean?'),
    ("Flights from NYC to LA", "Flights from LA to NYC"),
    ("Is Python faster than Java?", "Is Java faster than Python?"),
]


def agrees(a: str, b: str) -> tuple[bool, bool]:
    sa, sb = signature(a), signature(b)
    return agree(sa, sb), agree(sb, sa)


@pytest.mark.parametrize(("a", "b"), AGREE)
def test_paraphrases_agree(a: str, b: str) -> None:
    assert agrees(a, b) == (True, True)


@pytest.mark.parametrize(("a", "b"), DISAGREE)
def test_answer_changing_edits_disagree(a: str, b: str) -> None:
    assert agrees(a, b) == (False, False)


@pytest.mark.parametrize("text", [a for a, _ in AGREE + DISAGREE])
def test_a_text_agrees_with_itself_and_its_signature_is_deterministic(text: str) -> None:
    assert signature(text) == signature(text)
    assert agree(signature(text), signature(text))


def test_signature_is_compact_and_holds_no_raw_text() -> None:
    text = "Please rotate the production API key for Acme Corporation before Friday 5pm, it leaked!"
    sig = signature(text)
    assert sig[0] == VERSION
    assert (len(sig) - 1) % 4 == 0
    assert len(sig) <= 1 + 3 * 4 * len(text.split())  # at most an entity, a content word and a pole
    for word in ("rotate", "production", "Acme", "Corporation", "Friday", "leaked"):
        assert word.encode() not in sig and word.lower().encode() not in sig


@pytest.mark.parametrize("bad", [b"", b"\x00", bytes((VERSION + 1,)), bytes((VERSION,)) + b"\x01\x02", b"garbage!"])
def test_malformed_or_foreign_signatures_never_agree(bad: bytes) -> None:
    assert not agree(bad, signature("hello"))
    assert not agree(signature("hello"), bad)


def test_signatures_read_back_as_bytearray_or_memoryview_still_compare() -> None:
    sig = signature("How do I enable 2FA on my iPhone?")
    assert agree(bytearray(sig), sig) and agree(sig, memoryview(sig))  # type: ignore[arg-type]


def test_text_past_the_bound_still_has_to_match() -> None:
    head = "lorem ipsum dolor " * (MAX_CHARS // 18 + 1)
    assert len(head) > MAX_CHARS
    assert not agree(signature(head + " enable the flag"), signature(head + " disable the flag"))
    assert agree(signature(head + " Enable  the flag"), signature(head + " enable the flag"))


def test_items_past_the_cap_are_folded_not_dropped() -> None:
    many = "7 " * (MAX_ITEMS + 100)
    assert len(many) < MAX_CHARS and len(content_items(many)) > MAX_ITEMS
    sig = signature(many)
    assert len(sig) == 1 + 4 * MAX_ITEMS
    changed_late = "7 " * (MAX_ITEMS + 50) + "8 " + "7 " * 49
    assert not agree(sig, signature(changed_late))
    assert agree(sig, signature(many.rstrip()))


@pytest.mark.parametrize(
    "text",
    [
        "1," * 50_000,
        "$" * 100_000,
        "a." * 50_000,
        '"' * 100_000,
        "one hundred " * 10_000,
        "turn " * 20_000,
        "to from " * 12_000,
        "x" * 100_000,
        "\u00e9\u0301" * 50_000,
        "-" * 100_000,
        "\n" * 100_000,
    ],
)
def test_hostile_inputs_are_bounded_in_time(text: str) -> None:
    start = time.perf_counter()
    sig = signature(text)
    agree(sig, sig)
    assert time.perf_counter() - start < 0.5


def test_polarity_words_belong_to_one_class_each() -> None:
    seen: dict[str, str] = {}
    for name, positive, negative in lex.POLARITY_CLASSES:
        for form in (positive + " " + negative).split():
            assert form not in seen, f"{form!r} listed in both {seen[form]!r} and {name!r}"
            seen[form] = name
    for (verb, _particle), form in lex.PARTICLES.items():
        assert form in lex.POLARITY, f"({verb}, {_particle}) maps to unknown form {form!r}"
    assert lex.LONE_OFF in lex.POLARITY
    assert len(lex.POLARITY_CLASSES) < 256  # a class index is one byte of the signature


def test_lexicon_keys_are_casefolded_without_apostrophes() -> None:
    tables = [lex.STOPWORDS, lex.NEGATIONS, lex.POLARITY, lex.UNITS, lex.WH_WORDS, lex.OPERATOR_WORDS]
    for table in tables:
        for key in table:
            assert key == key.casefold() and "'" not in key, key


# Allowances of agreement v3, each with a paraphrase that now agrees and a near miss that must not.
ALLOWANCES = [
    # one clause moved to the front or the end
    ("How do I clear the cache in Firefox?", "In Firefox, how do I clear the cache?", True),
    ("How do I clear the cache in Firefox?", "In Chrome, how do I clear the cache?", False),
    ("Convert 10 miles to km, please", "Please, convert 10 km to miles", False),
    # "when" joining a clause asks nothing; as a question word it still counts
    ("What fees apply when withdrawing cash abroad?", "What fees apply to withdrawing cash abroad?", True),
    ("When did the bridge open?", "Where did the bridge open?", False),
    # "what year" asks when, "which author" asks who, "how come" and "what causes" ask why, "whom" is who
    ("In what year did the empire collapse?", "When did the empire collapse?", True),
    ("In what year did the empire collapse?", "Where did the empire collapse?", False),
    ("Which author wrote the novel Dune?", "Who wrote the novel Dune?", True),
    ("How come leaves turn red in autumn?", "Why do leaves turn red in autumn?", True),
    ("What causes leaves to turn red in autumn?", "Why do leaves turn red in autumn?", True),
    ("What causes leaves to turn red in autumn?", "When do leaves turn red in autumn?", False),
    ("The letter was sent by whom?", "Who sent the letter?", True),
    ("The letter was sent by whom?", "Where was the letter sent?", False),
    # frame words: "command", "formula", hedges
    ("What's the command to list hidden files?", "How do I list hidden files?", True),
    ("How long does bread usually keep?", "How long does bread keep?", True),
    ("How long does bread usually keep?", "How long does cheese keep?", False),
    # a run of words moved to the front or end over two or more others, without links
    ("phone charger battery life", "battery life phone charger", True),
    ("phone charger battery life", "phone battery charger life", False),
    ("milk chocolate recipe", "chocolate milk recipe", False),
    ("does the dog chase the cat", "does the cat chase the dog", False),
    ("cat food for a dog", "dog food for a cat", False),
    ("sort a list of dicts by key", "dicts list sort key", False),
    ("used", "use", True),
]


@pytest.mark.parametrize(("a", "b", "same"), ALLOWANCES)
def test_clause_moves_question_frames_and_fronted_runs(a: str, b: str, same: bool) -> None:
    assert agree(signature(a), signature(b)) is same
    assert agree(signature(b), signature(a)) is same


# Wrong answers a reviewer confirmed (similarity >= 0.6 with ngram, and agreement v3 passed).
REVIEWED = [
    ("resting heart rate for a man over 60", "resting heart rate for a man under 60"),
    ("move a file into a folder", "move a file out of a folder"),
    ("cheapest flights to london from paris", "cheapest flights from london to paris"),
    ("dessert plants", "desert plants"),
    ("personal data retention", "personnel data retention"),
    ("marital arts", "martial arts"),
    ("latter and letter", "letter and latter"),
    ("casual link between smoking and cancer", "causal link between smoking and cancer"),
    ("complement of a set", "compliment of a set"),
    ("principal component analysis", "principle component analysis"),
    ("summer vegetables recipe", "simmer vegetables recipe"),
]

# Near misses of our own (not from bench data), one or more per class the fixes cover: direction and
# relation words, to/from roles for lowercase words, distinct real words one edit apart, and order
# hidden by look-alike words.
NEAR_MISSES = [
    ("how to climb up the ladder safely", "how to climb down the ladder safely"),
    ("pour the water into the bucket", "pour the water out of the bucket"),
    ("breathe in through the nose", "breathe out through the nose"),
    ("children under 12 fly free", "children over 12 fly free"),
    ("a man over 60 and a woman", "a man and a woman over 60"),
    ("trains from boston to chicago", "trains to boston from chicago"),
    ("shipping cost to canada from mexico", "shipping cost from canada to mexico"),
    ("ship parcels from germany", "ship parcels to germany"),
    ("tea with sugar recipe", "tea without sugar recipe"),
    ("the cat sleeps inside the house", "the cat sleeps outside the house"),
    ("more protein less fat diet", "less protein more fat diet"),
    ("get on the bus at the depot", "get off the bus at the depot"),
    ("rates rose since the merger", "rates rose until the merger"),
    ("scroll to the top of the page", "scroll to the bottom of the page"),
    ("move the slider forward", "move the slider backward"),
    ("stationary bike workout", "stationery bike workout"),
    ("affect on sleep quality", "effect on sleep quality"),
    ("advice for beginners", "advise for beginners"),
    ("elicit a response from students", "illicit a response from students"),
    ("prostate cancer screening", "prostrate cancer screening"),
    ("council meeting minutes", "counsel meeting minutes"),
    ("dual carriageway rules", "duel carriageway rules"),
    ("cavalry charge history", "calvary charge history"),
    ("formally dressed guests", "formerly dressed guests"),
    ("bridal shop opening hours", "bridle shop opening hours"),
    ("cereal brands ranked", "serial brands ranked"),
    ("prescribe a drug", "proscribe a drug"),
    ("morning and mourning customs", "mourning and morning customs"),
    ("counsel and council roles", "council and counsel roles"),
    ("diffuse the situation", "defuse the situation"),
    ("emigrate from poland", "immigrate from poland"),
    ("loosing weight after pregnancy", "losing weight after pregnancy"),
    ("adverse weather", "averse weather"),
    ("eminent scientist award", "imminent scientist award"),
]

# Allowances that must survive the fixes.
STILL_AGREE = [
    ("flights to london from paris", "flights from paris to london"),
    ("how to get to london from paris", "how do i get from paris to london"),
    ("temperatures over 30 degrees", "temperatures above 30 degrees"),
    ("How do I chnage my pasword?", "how do i change my password"),
    ("Should I seperate the eggs first?", "should i separate the eggs first"),
    ("move a file into a folder", "move a file to a folder"),
]


@pytest.mark.parametrize(("a", "b"), REVIEWED + NEAR_MISSES)
def test_direction_words_look_alike_real_words_and_roles_disagree(a: str, b: str) -> None:
    assert agrees(a, b) == (False, False)


@pytest.mark.parametrize(("a", "b"), STILL_AGREE)
def test_typos_of_unknown_words_and_role_paraphrases_still_agree(a: str, b: str) -> None:
    assert agrees(a, b) == (True, True)


@pytest.mark.parametrize(
    ("word", "read_as"),
    [
        ("pasword", "password"),  # not a word; one known word one edit away
        ("chnage", "change"),  # a swap of neighbours is one edit
        ("desert", "desert"),  # a known word is never rewritten
        ("marital", "marital"),
        ("recieve", "recieve"),  # two known neighbours (receive, relieve): ambiguous, kept
        ("untill", "untill"),  # the neighbour is a direction word: never a correction target
        ("neccessary", "neccessary"),  # the neighbour is an antonym pole (necessary/optional)
        ("kubernets", "kubernets"),  # no known neighbour
        ("passwrdd", "passwrdd"),  # two edits away
    ],
)
def test_typo_correction_only_rewrites_unknown_words_one_edit_from_a_single_known_word(word: str, read_as: str) -> None:
    assert correct(word, PROTECTED) == read_as


def test_typo_corrections_per_text_are_bounded() -> None:
    unknown = " ".join(["qzxvbnmw", "plokijuh", "yhnujmik", "wsxedcrf", "tgbyhnuj", "rfvtgbyh"][: MAX_TYPOS - 1])
    assert agree(signature(f"{unknown} reset my pasword"), signature(f"{unknown} reset my password"))
    over = unknown + " mnbvcxzq"  # one unknown word more: the budget is spent before "pasword"
    assert not agree(signature(f"{over} reset my pasword"), signature(f"{over} reset my password"))


def test_no_synonym_is_a_word_the_check_reads_before_the_synonym_table() -> None:
    from proxy.cache import agreement_words as lex
    from proxy.cache.agreement_content import SYNONYMS

    shadowed = sorted(w for w in SYNONYMS if w in lex.POLARITY or w in lex.STOPWORDS)
    assert shadowed == [], f"dead synonym entries: {shadowed}"
