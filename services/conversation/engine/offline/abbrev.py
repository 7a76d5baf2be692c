"""Abbreviated identifier words ('rntl', 'flm', 'CustNm', 'whs_cd', 'pmt_mthd'): can a short token stand for a word?

Warehouses shorten words in a few regular ways, so no list can cover them: a truncation ('cust', 'descr'), the
consonant skeleton ('rntl' rental, 'flm' film, 'vndr' vendor, 'std' standard), a skeleton cut short ('whs'
warehouse, 'pmt' payment), or the word's start followed by later consonants ('reqd' required). All keep the word's first letter and the rest of their letters in the word's order. This module
scores that fit from the spelling alone; the few conventions that cannot be derived from the spelling ('no' for
number, 'txn' for transaction) are lexicon.ABBREVIATIONS, which linking applies first.

Precision matters more than recall: a token that is an English word ('cat', 'age') is read as that word, two
letters must be the first and last consonant of the word ('nm' name, 'cd' code), and callers treat a token that
fits several candidate words about equally well ('inv' invoice/inventory, 'str' store/street) as ambiguous.
"""

from __future__ import annotations

from functools import lru_cache

from lemminflect import getAllLemmas, getInflection

VOWELS = frozenset("aeiou")
CLEAR_FIT = 0.76  # a fit this good names the word (a full skeleton, or a truncation keeping most of the word)
AMBIGUOUS_MARGIN = 0.1  # two expansions closer than this are a tie: neither is chosen silently


def _collapse(s: str) -> str:
    """Doubled letters once ('acct' -> 'act', 'quantity' skeleton 'qntty' -> 'qnty')."""
    out = []
    for ch in s:
        if not out or out[-1] != ch:
            out.append(ch)
    return "".join(out)


@lru_cache(maxsize=65536)
def skeleton(word: str) -> str:
    """First letter and the consonants after it, doubles once: rental -> rntl, quantity -> qnty."""
    return _collapse(word[:1] + "".join(ch for ch in word[1:] if ch not in VOWELS))


def _consonants(s: str) -> str:
    return _collapse("".join(ch for ch in s if ch not in VOWELS))


def _subsequence(short: str, long: str) -> bool:
    it = iter(long)
    return all(ch in it for ch in short)


@lru_cache(maxsize=65536)
def is_word(token: str) -> bool:
    """An English word in lemminflect's dictionary: read as itself, never as an abbreviation ('cat', 'age')."""
    return bool(getAllLemmas(token))


@lru_cache(maxsize=262144)  # pure and hot: linking compares each question word with each schema token
def abbreviation_fit(short: str, word: str) -> float:
    """How plausibly identifier token ``short`` abbreviates ``word`` (0 = not at all, up to 1).

    A truncation of at least three letters, or a consonant skeleton (possibly cut short) that keeps the first
    letter; the score grows with how much of the word's skeleton the token keeps and whether it keeps its end.
    """
    if len(short) < 2 or len(word) < len(short) + 1 or short[0] != word[0] or not short.isalpha() or not word.isalpha():
        return 0.0
    if is_word(short):
        # an English word is read as itself, except as the plain start of a much longer word ('cat' of category,
        # where nothing else names the category): the weakest link, that any spelled-out or stem match beats
        return 0.7 if len(short) >= 3 and len(word) > 2 * len(short) and word.startswith(short) else 0.0
    skel = skeleton(word)
    s = _collapse(short)
    if len(short) == 2:
        if s != skel[0] + skel[-1] or len(skel) > 4:  # 'nm' name, 'dt' date, 'cd' code; not 'pt' for 'passport'
            return 0.0
        return 0.75
    if word.startswith(short):  # truncation: 'cust', 'descr', 'supp'
        return 0.7 + 0.1 * min(1.0, len(short) / max(4, len(word) - 2))
    # the start of the word kept as written, then only consonants of the rest in order: 'rntl' (r + ntl),
    # 'acct', 'reqd' (req + d), 'shpmt'
    if not any(word.startswith(s[:k]) and not set(s[k:]) & VOWELS and _subsequence(s[k:], _consonants(word[k:]))
               for k in range(len(s) - 1, 0, -1)):
        return 0.0
    covered = min(1.0, len(s) / len(skel))
    # keeping the end, or five letters of the skeleton cut there (a fixed-width field: 'rstrn' restaurant)
    ends = s[-1] == skel[-1] or len(s) >= 5 and skel.startswith(s)
    whole = s == skel  # exactly the word's skeleton ('prc' price) beats the start of a longer one's ('purchase')
    return 0.7 + 0.05 * covered + (0.05 if ends else 0.0) + (0.05 if whole else 0.0)


@lru_cache(maxsize=1)
def _skeleton_words() -> dict[str, frozenset[str]]:
    """English words (lemminflect's dictionary, inflections included) by their consonant skeleton."""
    from lemminflect import Lemmatizer

    out: dict[str, set[str]] = {}
    for w in Lemmatizer()._getLemmaDict():  # noqa: SLF001 - the dictionary is_word already reads
        if len(w) >= 3 and w.isalpha() and w.islower():
            out.setdefault(skeleton(w), set()).add(w)
    return {k: frozenset(v) for k, v in out.items()}


@lru_cache(maxsize=262144)
def skeleton_of_other_word(short: str, word: str) -> bool:
    """Whether ``short`` is exactly the consonant skeleton of an English word other than ``word`` that it fits
    better ('flm' film, not fullname; 'dscnt' discount, not discontinued; 'scr' score, not subscribed).
    Why: a legacy schema shortens every word by rule, so the word a skeleton stands for is often in no list the
    schema spells out; matching it against the question's own words beats guessing among the words known here."""
    others = _skeleton_words().get(_collapse(short), frozenset()) - {word, word + "s"}
    fit = abbreviation_fit(short, word)
    return any(abbreviation_fit(short, o) > fit for o in others)


@lru_cache(maxsize=65536)
def keeps_own_s(token: str) -> bool:
    """Whether a non-word token ending in 's' is the consonant skeleton of a noun whose own last consonant is that
    's' ('stts' status, 'prchs' purchase, 'wrhs' warehouse), so it is no plural to singularise: 'stts' cut to 'stt'
    fits 'students' or 'state' as well as status."""
    if len(token) < 4 or not token.endswith("s") or not token.isalpha() or is_word(token):
        return False
    return any(len(w) > len(token) and w in getAllLemmas(w).get("NOUN", ())
               for w in _skeleton_words().get(_collapse(token), frozenset()))


def expansion(short: str, vocabulary: frozenset[str]) -> str | None:
    """The one word of ``vocabulary`` that ``short`` abbreviates clearly best; None when none fits, two tie, or
    the token spells another English word better (``skeleton_of_other_word``)."""
    fits = sorted(((abbreviation_fit(short, w), w) for w in vocabulary), reverse=True)
    fits = [(f, w) for f, w in fits if f > 0]
    if not fits:
        return None
    if len(fits) > 1 and fits[0][0] - fits[1][0] < AMBIGUOUS_MARGIN:
        return None
    if skeleton_of_other_word(short, fits[0][1]):
        return None
    return fits[0][1]


def says(words: tuple[str, ...] | list[str], word: str) -> bool:
    """Whether a table's words say ``word``: spelled out, or as a clear abbreviation ('shpmt' says shipment)."""
    return word in words or any(abbreviation_fit(w, word) >= CLEAR_FIT for w in words)


def built_on(token: str, root: str) -> bool:
    """Whether an identifier token is a word built on ``root`` (a verb's stem): spelled out ('rental' on rent) or
    abbreviated with the root's consonants first ('rntl' on rent, 'shpmt' on ship)."""
    if token.startswith(root):
        return True
    if is_word(token):
        return False
    skel = skeleton(root)
    return len(skel) >= 3 and _collapse(token).startswith(skel)


def names_root(token: str, root: str) -> bool:
    """``built_on``, or an abbreviation of the root itself ('ord' on order: 'never ordered' names the Ords rows)."""
    return built_on(token, root) or (not is_word(token) and abbreviation_fit(token, root) >= 0.7)


@lru_cache(maxsize=65536)
def plural_abbreviation_fit(short: str, word: str) -> float:
    """How plausibly a token ending in 's' abbreviates the plural of ``word`` ('hrs' hours, 'mins' minutes, 'pts'
    points): warehouses shorten the plural a column counts, so the token fits the plural, not the lemma."""
    if len(short) < 3 or not short.endswith("s") or word.endswith("s") or is_word(short):
        return 0.0
    return max((abbreviation_fit(short, p) for p in getInflection(word, tag="NNS")), default=0.0)


# suffixes that make a noun of a verb's act: pay -> payment, use -> usage, fail -> failure, refund -> refunding
ACT_SUFFIXES = ("ment", "age", "ure", "al", "ing", "ation", "ion", "ance", "ence")


@lru_cache(maxsize=65536)
def verb_base(word: str) -> str | None:
    """The verb an inflected form says ('paid' pay, 'used' use, 'billed' bill); None for any other word."""
    verbs = getAllLemmas(word).get("VERB", ())
    return verbs[0] if verbs and word not in verbs else None


def names_act_of(noun: str, verb: str) -> bool:
    """Whether ``noun`` is the verb's act made a noun by a suffix ('payment' of pay, 'usage' of use)."""
    for root in {verb, verb[:-1] if verb.endswith("e") and len(verb) >= 3 else verb}:
        if noun.startswith(root) and noun[len(root):] in ACT_SUFFIXES:
            return True
    return False


@lru_cache(maxsize=65536)
def abbreviates_act_of(token: str, verb: str) -> bool:
    """Whether identifier token ``token`` abbreviates the noun a suffix makes of ``verb``'s act ('shpmt' shipment
    of ship, 'rntl' rental of rent, 'pmt' payment of pay): the noun must be an English word, so an agent
    ('shpr' shipper) or a made-up form ('shipure') is not the act."""
    if len(token) < 3 or is_word(token):
        return False
    for root in {verb, verb[:-1] if verb.endswith("e") and len(verb) >= 3 else verb}:
        for suffix in ACT_SUFFIXES:
            noun = root + suffix
            if is_word(noun) and abbreviation_fit(token, noun) >= CLEAR_FIT:
                return True
    return False


def _token_says(short: str, word: str) -> bool:
    """One identifier token stands for one word: the same, a known convention ('acct' account, 'nm' name), the
    same convention's plural ('accts'), or an abbreviation by spelling, a plain truncation of an English word
    included ('cat' category: the other name already says which word is meant)."""
    from .lexicon import ABBREVIATIONS

    if short == word:
        return True
    if ABBREVIATIONS.get(short) == (word,) or (short.endswith("s") and ABBREVIATIONS.get(short[:-1]) == (word,)):
        return True
    if is_word(short):
        return len(short) >= 3 and word.startswith(short)
    return abbreviation_fit(short, word) >= 0.7 or plural_abbreviation_fit(short, word) >= 0.7


def abbreviates_name(short: str, full: str) -> bool:
    """Whether identifier ``short`` is ``full`` with some words abbreviated, in any case style ('Cr5F3Cat' of
    'cr5f3_category', 'Acct' of 'account', 'inv_dt' of 'InvoiceDate'): word for word, in order, each word
    the same or shortened. A lookup table written by one layer of an application names the tables and columns
    that another layer (a warehouse copy, a view) may spell shorter."""
    from .lexicon import split_identifier

    s, f = split_identifier(short), split_identifier(full)
    return bool(s) and len(s) == len(f) and s != f and all(_token_says(a, b) for a, b in zip(s, f))
