"""Sound keys: a Hangul spelling of a foreign name and the name in Latin letters, brought
to one rough alphabet so that they can be compared.

Korean writes foreign place names by ear (외래어 표기법): Higashikawa is 히가시카와,
Campinas 깜삐나스, Kyzylorda 크즐오르다, Chatham-Kent 차탐켄트. GeoNames has a Hangul
name for few towns, but a Latin one for all of them; a sound key of each side lets the
gazetteer find the town a Korean text names (:meth:`kg.gazetteer.Gazetteer.by_sound`).

The alphabet is one symbol per class of sound, the distinctions Korean spelling keeps
and Latin spellings share: ``g d b`` (ㄱ ㄷ ㅂ: g, d, b and v) and ``k t p`` (ㅋ ㅌ ㅍ and
the tense ㄲ ㄸ ㅃ: k, c, t, p and f), ``s`` (ㅅ: s, sh, pinyin x), ``c`` (ㅈ ㅊ ㅆ: j, ch,
z, ts, Japanese tsu), ``l`` (ㄹ: l and r), ``m n h``, and the vowels ``a e i o u``; ``y`` is ㅡ, the
vowel Korean writes where the foreign name has none (브리즈번, Brisbane) or a short one
(크즐, Kyzyl), which :func:`distance` lets go cheaply. Doubled consonants are one (ㄹㄹ,
rr). ``j`` and ``w`` are glides (ㅛ is ``jo``, ㅘ ``wa``; Latin y and w before a vowel),
which come and go cheaply too.

>>> hangul_key("히가시카와"), latin_key("Higashikawa")
('higasikawa', 'higasikawa')
>>> hangul_key("크즐오르다"), latin_key("Kyzylorda")
('kycylolyda', 'kicilolda')
>>> distance(hangul_key("크즐오르다"), latin_key("Kyzylorda")) <= 1.0
True
"""

from __future__ import annotations

import unicodedata

__all__ = ["hangul_key", "latin_key", "distance", "skeleton", "near_skeletons"]

# The sounds of a Hangul syllable's parts, in Unicode order ("-": none).
# Initial consonants: ㄱ ㄲ ㄴ ㄷ ㄸ ㄹ ㅁ ㅂ ㅃ ㅅ ㅆ ㅇ ㅈ ㅉ ㅊ ㅋ ㅌ ㅍ ㅎ
_INITIAL = [x.strip("-") for x in "g k n d t l m b p s c - c c c k t p h".split()]
# Vowels: ㅏ ㅐ ㅑ ㅒ ㅓ ㅔ ㅕ ㅖ ㅗ ㅘ ㅙ ㅚ ㅛ ㅜ ㅝ ㅞ ㅟ ㅠ ㅡ ㅢ ㅣ (ㅓ is the vowel of
# English "bun" and "her", spelt o or e in Latin: o here; distance() lets vowels stand
# for one another cheaply).
_VOWEL = "a e ja je o e jo je o wa we we jo u wo we wi ju y i i".split()
# Final consonants: none ㄱ ㄲ ㄳ ㄴ ㄵ ㄶ ㄷ ㄹ ㄺ ㄻ ㄼ ㄽ ㄾ ㄿ
# ㅀ ㅁ ㅂ ㅄ ㅅ ㅆ ㅇ ㅈ ㅊ ㅋ ㅌ ㅍ ㅎ (ㅇ is ng: n here, as Latin ng is).
_FINAL = [x.strip("-") for x in "- k k k n n n t l l l l l l l l m p p s s n t t k t p -".split()]
assert (len(_INITIAL), len(_VOWEL), len(_FINAL)) == (19, 21, 28)

_VOWELS = frozenset("aeiouy")
_GLIDES = frozenset("jw")
# Voiced and voiceless stops: Korean keeps them apart for most languages (ㅂ is b and v,
# ㅍ p and f: 발렌시아 Valencia, 팔렌시아 Palencia) but not for all (Japanese t at the
# start of a word is ㄷ: 다카쓰키, Takatsuki), so they differ, cheaply.
_VOICING = ({"g", "k"}, {"d", "t"}, {"b", "p"})

# Latin letter groups, longest first, and what they sound like in the alphabet above.
_GROUPS = (
    ("tsch", "c"),
    ("sch", "s"),
    ("tch", "c"),
    ("tz", "c"),
    ("ts", "c"),
    ("dz", "c"),
    ("dj", "c"),
    ("zh", "c"),
    ("ch", "c"),
    ("sh", "s"),
    ("ph", "p"),
    ("th", "t"),
    ("kh", "k"),
    ("gh", "g"),
    ("ck", "k"),
    ("qu", "k"),
    ("ng", "n"),
    ("ou", "u"),
)
_LETTER = {
    "b": "b",
    "c": "k",
    "d": "d",
    "f": "p",
    "g": "g",
    "h": "h",
    "j": "c",
    "k": "k",
    "l": "l",
    "m": "m",
    "n": "n",
    "p": "p",
    "q": "k",
    "r": "l",
    "s": "s",
    "t": "t",
    "v": "b",
    "x": "ks",
    "z": "c",
    "a": "a",
    "e": "e",
    "i": "i",
    "o": "o",
    "u": "u",
}
# Pinyin spells some sounds with other letters: x is ㅅ, q is ㅊ, c is ㅊ.
_PINYIN = {"x": "s", "q": "c", "c": "c"}
_FOLD = str.maketrans({"ß": "ss", "ø": "o", "æ": "ae", "œ": "oe", "ł": "l", "đ": "d", "ı": "i"})


def hangul_key(name: str) -> str:
    """The sound key of a Hangul spelling (other characters are left out)."""
    out: list[str] = []
    for ch in name:
        code = ord(ch) - 0xAC00
        if not 0 <= code < 11172:
            continue
        initial, vowel, final = code // 588, (code % 588) // 28, code % 28
        out.append(_INITIAL[initial])
        out.append(_VOWEL[vowel])
        out.append(_FINAL[final])
    return _squeeze("".join(out))


def latin_key(name: str, country: str | None = None) -> str:
    """The sound key of a name in Latin letters; ``country`` (ISO code) picks the reading
    of letters that differ by language (pinyin's x, q and c for ``CN``)."""
    text = unicodedata.normalize("NFKD", name.lower().translate(_FOLD))
    letters = "".join(ch for ch in text if "a" <= ch <= "z")
    pinyin = (country or "").upper() == "CN"
    out: list[str] = []
    i = 0
    while i < len(letters):
        ch = letters[i]
        group = next((g for g in _GROUPS if letters.startswith(g[0], i)), None)
        if group is not None:
            out.append(group[1])
            i += len(group[0])
            continue
        nxt = letters[i + 1] if i + 1 < len(letters) else ""
        if ch in "wy":
            # Before a vowel a glide (Kyoto: 교토, Washington: 워싱턴); y between
            # consonants, or last, is a vowel (Kyzyl: 크즐), and so is w (Dnipro's Ukrainian
            # spellings aside, a w after a vowel is its u: Kraków).
            if nxt in _VOWELS and nxt != "y":
                out.append("j" if ch == "y" else "w")
            else:
                out.append("i" if ch == "y" else "u")
            i += 1
            continue
        if pinyin and ch in _PINYIN:
            out.append(_PINYIN[ch])
        elif ch == "c" and nxt in ("e", "i", "y"):
            out.append("s")  # Romance and English c before e, i: s (Celle, Cincinnati)
        else:
            out.append(_LETTER.get(ch, ""))
        i += 1
    return _squeeze("".join(out))


def _squeeze(key: str) -> str:
    """Doubled consonants as one (ㄹㄹ and rr are one l); vowels stay (Mitoyo is not Mito)."""
    out: list[str] = []
    for ch in key:
        if not out or out[-1] != ch or ch in _VOWELS:
            out.append(ch)
    return "".join(out)


def _sub_cost(a: str, b: str) -> float:
    if a == b:
        return 0.0
    if a in _GLIDES or b in _GLIDES:
        return 0.25 if (a in _GLIDES or a in _VOWELS) and (b in _GLIDES or b in _VOWELS) else 1.0
    if "y" in (a, b) and (a in _VOWELS and b in _VOWELS):
        return 0.25  # ㅡ for any short vowel
    if a in _VOWELS and b in _VOWELS:
        return 0.5
    if {a, b} in _VOICING:
        return 0.25
    if {a, b} in ({"c", "s"}, {"h", "p"}, {"h", "k"}):
        return 0.5  # ㅈ for s or z; Japanese fu (후) for f; Spanish j (ㅎ) for h, kh
    return 1.0


def _indel_costs(key: str) -> list[float]:
    """What leaving out each symbol of ``key`` costs."""
    costs = []
    for i, ch in enumerate(key):
        if ch == "y" or ch in _GLIDES:
            costs.append(0.25)  # ㅡ where the name has no vowel; a glide heard or not
        elif ch in _VOWELS and i and key[i - 1] == ch:
            costs.append(0.25)  # a long vowel written short (Bacoor, 바꼬르)
        elif ch in _VOWELS or ch == "h":
            costs.append(0.5)  # a vowel, or a silent h (German Hohenheim, Korean 하)
        else:
            costs.append(1.0)
    return costs


def distance(a: str, b: str) -> float:
    """A weighted edit distance between two sound keys: vowels, ㅡ and h change cheaply,
    consonants dearly.

    >>> distance("palma", "palyma"), distance("palma", "kalma"), distance("pakol", "pakool")
    (0.25, 1.0, 0.25)
    """
    del_a, del_b = _indel_costs(a), _indel_costs(b)
    prev = [0.0]
    for cost in del_b:
        prev.append(prev[-1] + cost)
    for i, ca in enumerate(a):
        cur = [prev[0] + del_a[i]]
        for j, cb in enumerate(b, 1):
            cur.append(
                min(
                    prev[j] + del_a[i],
                    cur[j - 1] + del_b[j - 1],
                    prev[j - 1] + _sub_cost(ca, cb),
                )
            )
        prev = cur
    return prev[-1]


def skeleton(key: str) -> str:
    """The consonants of a sound key (no vowels, glides, ㅡ or h): what an index is keyed by.

    >>> skeleton("higasikawa"), skeleton("kycylolyda")
    ('gsk', 'kclld')
    """
    return "".join(ch for ch in key if ch not in _VOWELS and ch not in _GLIDES and ch != "h")


def near_skeletons(skel: str) -> set[str]:
    """The skeleton and each with one consonant left out: two keys one consonant apart
    (one left out, or one changed) share one of these."""
    return {skel, *(skel[:i] + skel[i + 1 :] for i in range(len(skel)))}
