#!/usr/bin/env python3
"""Reference implementation of garant Pseudonymisation v1, in plain Python.

It is written from docs/pseudonymisation-v1.md alone, independently of the C++
library (consent/), with Python's own Unicode database (unicodedata) and hmac
module, so that the two can check each other. It also generates the worked
vectors:

    python3 docs/pseudonymisation-v1-reference.py --json > docs/pseudonymisation-v1-vectors.json
    python3 docs/pseudonymisation-v1-reference.py --markdown   # tables for the .md

Standard library only. Not used at run time by garant.
"""

import hashlib
import hmac
import json
import sys
import unicodedata

MAX_CODE_POINTS = 100
MIN_YEAR = 1880

# The Unicode White_Space property (PropList.txt). Python's str.isspace() is a
# different set (it also holds U+001C..U+001F), so it is not used.
WHITE_SPACE = frozenset(
    [0x09, 0x0A, 0x0B, 0x0C, 0x0D, 0x20, 0x85, 0xA0, 0x1680]
    + list(range(0x2000, 0x200B))
    + [0x2028, 0x2029, 0x202F, 0x205F, 0x3000]
)

SPECIAL = {
    "\u0152": "OE", "\u0153": "OE",  # Œ œ
    "\u00c6": "AE", "\u00e6": "AE",  # Æ æ
    "\u00df": "SS",                  # ß
    "\u00d8": "O", "\u00f8": "O",    # Ø ø
    "\u0141": "L", "\u0142": "L",    # Ł ł
    "\u0110": "D", "\u0111": "D",    # Đ đ
}


class InvalidInput(ValueError):
    def __init__(self, field, reason):
        super().__init__(f"{field}: {reason}")
        self.field = field


def decode(raw, field):
    if isinstance(raw, str):
        raw = raw.encode("utf-8", "surrogatepass")
    try:
        return raw.decode("utf-8")  # strict: no overlong forms, no surrogates
    except UnicodeDecodeError:
        raise InvalidInput(field, "not valid UTF-8")


def norm(raw, field="value"):
    s = decode(raw, field)
    if len(s) > MAX_CODE_POINTS:
        raise InvalidInput(field, "over 100 characters")
    s = unicodedata.normalize("NFKD", s)
    s = "".join(c for c in s if not unicodedata.category(c).startswith("M"))
    s = "".join(SPECIAL.get(c, c) for c in s)
    s = s.upper()
    s = "".join(c if "A" <= c <= "Z" else " " for c in s)
    s = " ".join(word for word in s.split(" ") if word)
    if not s:
        raise InvalidInput(field, "no letter A-Z after normalisation")
    return s


def is_blank(s):
    return all(ord(c) in WHITE_SPACE for c in s)


def first_given_name(raw):
    s = decode(raw, "given_names")
    element = ""
    for c in s:
        if c == "," or ord(c) in WHITE_SPACE:
            if element:
                return element
        else:
            element += c
    if element:
        return element
    raise InvalidInput("given_names", "missing")


def days_in_month(year, month):
    if month == 2:
        leap = (year % 4 == 0 and year % 100 != 0) or year % 400 == 0
        return 29 if leap else 28
    return 30 if month in (4, 6, 9, 11) else 31


def norm_date(s, current_year):
    digits = "0123456789"
    if len(s) != 10 or s[4] != "-" or s[7] != "-" or not all(
        s[i] in digits for i in (0, 1, 2, 3, 5, 6, 8, 9)
    ):
        raise InvalidInput("birth_date", "expected YYYY-MM-DD")
    year, month, day = int(s[0:4]), int(s[5:7]), int(s[8:10])
    if not MIN_YEAR <= year <= current_year:
        raise InvalidInput("birth_date", "year out of range")
    if month > 12:
        raise InvalidInput("birth_date", "bad month")
    if day > (31 if month == 0 else days_in_month(year, month)):
        raise InvalidInput("birth_date", "bad day")
    return s[0:4] + s[5:7] + s[8:10]


def norm_sex(s):
    if s in ("F", "M", "I", "f", "m", "i"):
        return s.upper()
    raise InvalidInput("sex", "expected F, M or I")


def norm_ins(s):
    if len(s) != 15 or not s.isascii():
        raise InvalidInput("ins", "expected 15 characters")
    s = "".join(c.upper() if "a" <= c <= "z" else c for c in s)
    dept = s[5:7]
    nir13 = s[:5] + {"2A": "19", "2B": "18"}.get(dept, dept) + s[7:13]
    key = s[13:15]
    if not all(c in "0123456789" for c in nir13 + key):
        raise InvalidInput("ins", "only digits, 2A or 2B at positions 6-7")
    if int(key) != 97 - int(nir13) % 97:
        raise InvalidInput("ins", "bad key")
    return s


def normalise_identity(t, current_year):
    """t: dict with the input names; returns (names, givens, D, S, ins)."""
    if is_blank(decode(t["birth_name"], "birth_name")):
        raise InvalidInput("birth_name", "missing")
    names = [norm(t["birth_name"], "birth_name")]
    used = t.get("used_name")
    if used is not None and not is_blank(decode(used, "used_name")):
        n2 = norm(used, "used_name")
        if n2 != names[0]:
            names.append(n2)
    g1 = norm(first_given_name(t["given_names"]), "given_names")
    givens = [g1]
    if " " in g1:
        givens.append(g1.split(" ")[0])
    d = norm_date(t["birth_date"], current_year)
    s = norm_sex(t["sex"])
    ins = t.get("ins")
    ins = norm_ins(ins) if ins is not None and not is_blank(ins) else None
    return names, givens, d, s, ins


def messages(names, givens, d, s, ins):
    out = [f"garant-v1|traits|{n}|{g}|{d}|{s}" for n in names for g in givens]
    if ins is not None:
        out.append("garant-v1|ins|" + ins)
    return out


def token(key, message):
    return hmac.new(key, message.encode("ascii"), hashlib.sha256).hexdigest()


# ---------------------------------------------------------------------------
# Worked vectors.

KEY = bytes(range(32))
CURRENT_YEAR = 2025


def person(birth_name, given_names, birth_date, sex, used_name=None, ins=None,
           birth_place=None):
    return {"birth_name": birth_name, "used_name": used_name, "given_names": given_names,
            "birth_date": birth_date, "sex": sex, "ins": ins, "birth_place": birth_place}


IDENTITIES = [
    ("basic", "ASCII, one given name.",
     person("DUPONT", "Marie", "1985-03-14", "F")),
    ("fullwidth-lowercase-sex", "Full-width letters (NFKD gives ASCII) and a lowercase sex: "
     "the same tokens as `basic`.",
     person("\uff24\uff35\uff30\uff2f\uff2e\uff34", "\uff4d\uff41\uff52\uff49\uff45",
            "1985-03-14", "f")),
    ("accents", "Accents are dropped.",
     person("Lef\u00e8vre", "\u00c9lodie", "1990-07-21", "F")),
    ("accents-decomposed", "The same accents typed as combining marks (NFD): the same tokens "
     "as `accents`.",
     person("Lefe\u0300vre", "E\u0301lodie", "1990-07-21", "F")),
    ("cedilla-two-given-names", "Only the first given name counts; \u00c7/\u00e7 lose the "
     "cedilla.",
     person("Duch\u00eane", "Fran\u00e7oise H\u00e9l\u00e8ne", "1947-11-02", "F")),
    ("compound-given-name", "A hyphenated given name: G1 keeps both parts, G2 is the first "
     "word.",
     person("Martin", "Jean-Christophe Marie", "1978-05-30", "M")),
    ("comma-separated-given-names", "Given names separated by commas.",
     person("Bernard", "Anne-Sophie, Claire", "2001-01-01", "F")),
    ("ligatures-lowercase", "\u0153 and \u00e6 become OE and AE.",
     person("C\u0153ur", "L\u00e6titia", "1995-09-12", "F")),
    ("ligatures-uppercase", "\u0152 and \u00c6 become OE and AE.",
     person("C\u0152URDEROY", "\u00c6LIS", "1958-10-03", "F")),
    ("eszett", "\u00df becomes SS; \u00fc loses its diaeresis; lowercase sex.",
     person("Wei\u00df", "J\u00fcrgen", "1962-04-08", "m")),
    ("apostrophe", "An apostrophe becomes a space.",
     person("D'Artagnan", "Charles Ogier", "1961-02-28", "M")),
    ("typographic-apostrophe", "U+2019 is not A-Z either: the same tokens as `apostrophe`.",
     person("D\u2019ARTAGNAN", "charles", "1961-02-28", "M")),
    ("used-name", "A used name different from the birth name: 2 x 2 = 4 traits tokens.",
     person("Martin", "Jean-Pierre", "1980-12-25", "M", used_name="Durand-Martin")),
    ("used-name-equal", "A used name equal to the birth name after norm() adds nothing.",
     person("Lef\u00e8vre", "Claire", "1972-06-15", "F", used_name="LEFEVRE")),
    ("used-name-blank-ins-empty", "A blank used name and an empty INS count as not given.",
     person("Petit", "Louis", "2010-08-09", "M", used_name=" \u00a0 ", ins="")),
    ("no-break-spaces", "U+00A0 separates given names; inside a name NFKD turns it into a "
     "space.",
     person("Le\u00a0Goff", "Marie\u00a0Claire", "1966-03-01", "F")),
    ("tab-and-narrow-no-break-space", "A leading tab and U+202F between given names.",
     person("Morel", "\tAnne\u202fLaure", "1999-12-31", "F")),
    ("leading-separators", "Empty elements before the first given name are skipped.",
     person("Roux", " , ,Paul ,Henri", "1934-05-17", "M")),
    ("unknown-day", "Day 00: unknown.",
     person("Girard", "Lucie", "1950-06-00", "F")),
    ("unknown-month-and-day", "Month and day 00; sex I.",
     person("Fournier", "Camille", "1932-00-00", "I")),
    ("leap-day", "29 February of a leap year.",
     person("Lambert", "Hugo", "2000-02-29", "M")),
    ("nir", "An INS (NIR with key): one more token.",
     person("Garnier", "Paul", "1985-05-20", "M", ins="185057800608491")),
    ("nir-corsica-2a", "Corsican NIR, written in lowercase: the key is computed with 19 for "
     "2A; the message keeps 2A.",
     person("Santoni", "Marie-Jos\u00e9e", "1969-05-11", "f", ins="269052a00401228")),
    ("nir-corsica-2b", "Corsican NIR with 2B (18 for the key).",
     person("Casanova", "Ange", "1972-11-04", "M", ins="172112B03310561")),
    ("slash-o-stroke", "\u00d8/\u00f8 become O; \u00e5 decomposes to a + ring.",
     person("\u00d8sterg\u00e5rd", "S\u00f8ren", "1975-02-14", "M")),
    ("d-stroke-l-stroke", "\u0110/\u0111 become D, \u0141/\u0142 become L.",
     person("\u0110or\u0111evi\u0107", "\u0141ukasz", "1988-08-08", "M")),
    ("dz-digraph-fi-ligature", "U+01C5 (Dz with caron) and U+FB01 (fi ligature) decompose "
     "under NFKD.",
     person("\u01c5onlagi\u0107", "So\ufb01a", "2003-04-30", "F")),
    ("turkish-dotless-i", "Dotless \u0131 uppercases to I; \u015f loses its cedilla.",
     person("I\u015f\u0131k", "Ay\u015fe", "1991-10-29", "F")),
    ("mixed-scripts", "Greek letters are not A-Z: they become spaces and vanish.",
     person("Papadopoulos (\u03a0\u03b1\u03c0\u03b1\u03b4\u03cc\u03c0\u03bf\u03c5\u03bb\u03bf"
            "\u03c2)", "Nikos", "1957-07-07", "M")),
    ("punctuation-and-digits", "Dots, digits and hyphens become spaces, then collapse.",
     person("O'Neil--Smith Jr. 2", "Mary-Ann", "1940-09-09", "F")),
]

NORM = [
    "Jean-Christophe", "  d'Artagnan  ", "\u00c9LODIE", "C\u0153ur", "\u00c6sa", "Stra\u00dfe",
    "\u00d8re", "\u0141\u00f3d\u017a", "\u0110ura", "\u01c5emal", "\ufb01ne", "\uff21\uff22",
    "I\u0131\u0130", "\u0131", "\u01fe", "\u1e9e", "\u00d0", "\u212b", "\u2167", "x\u00b2",
    "\u03a9", "---", "", "\u00a0", "A" * 100, "A" * 101, "e\u0301" * 50, "e\u0301" * 50 + "e",
]

INVALID = [
    ("birth-name-empty-after-norm", person("---", "Marie", "1985-03-14", "F")),
    ("birth-name-blank", person(" \u00a0", "Marie", "1985-03-14", "F")),
    ("birth-name-101-characters", person("A" * 101, "Marie", "1985-03-14", "F")),
    ("birth-name-greek-only",
     person("\u03a0\u03b1\u03c0\u03b1\u03b4\u03cc\u03c0\u03bf\u03c5\u03bb\u03bf\u03c2",
            "Nikos", "1957-07-07", "M")),
    ("used-name-empty-after-norm", person("Martin", "Marie", "1985-03-14", "F",
                                          used_name="-")),
    ("given-names-blank", person("Martin", " , ", "1985-03-14", "F")),
    ("given-names-first-element-empty-after-norm", person("Martin", "- Marie", "1985-03-14",
                                                          "F")),
    ("date-not-leap", person("Martin", "Marie", "2023-02-29", "F")),
    ("date-month-13", person("Martin", "Marie", "1985-13-01", "F")),
    ("date-day-32", person("Martin", "Marie", "1985-00-32", "F")),
    ("date-april-31", person("Martin", "Marie", "1985-04-31", "F")),
    ("date-1900-not-leap", person("Martin", "Marie", "1900-02-29", "F")),
    ("date-format", person("Martin", "Marie", "14/03/1985", "F")),
    ("date-year-too-old", person("Martin", "Marie", "1879-12-31", "F")),
    ("date-year-future", person("Martin", "Marie", "2026-01-01", "F")),
    ("sex-x", person("Martin", "Marie", "1985-03-14", "X")),
    ("sex-word", person("Martin", "Marie", "1985-03-14", "Femme")),
    ("nir-bad-key", person("Garnier", "Paul", "1985-05-20", "M", ins="185057800608492")),
    ("nir-14-characters", person("Garnier", "Paul", "1985-05-20", "M", ins="18505780060849")),
    ("nir-16-characters", person("Garnier", "Paul", "1985-05-20", "M", ins="1850578006084910")),
    ("nir-with-spaces", person("Garnier", "Paul", "1985-05-20", "M",
                               ins="1 85 05 78 006 084 91")),
    ("nir-2c", person("Santoni", "Marie", "1969-05-11", "F", ins="269052C00401228")),
    ("nir-corsica-bad-key", person("Santoni", "Marie", "1969-05-11", "F",
                                   ins="269052A00401229")),
    ("nir-2a-elsewhere", person("Santoni", "Marie", "1969-05-11", "F", ins="2A9052000401228")),
]


def identity_vector(vid, note, t):
    names, givens, d, s, ins = normalise_identity(t, CURRENT_YEAR)
    msgs = messages(names, givens, d, s, ins)
    return {"id": vid, "note": note, "input": t,
            "expected": {"N": names, "G": givens, "D": d, "S": s, "ins": ins,
                         "messages": msgs, "tokens": [token(KEY, m) for m in msgs]}}


def norm_vector(s):
    try:
        return {"input": s, "output": norm(s)}
    except InvalidInput as e:
        return {"input": s, "error": str(e).split(": ", 1)[1]}


def invalid_vector(vid, t):
    try:
        normalise_identity(t, CURRENT_YEAR)
    except InvalidInput as e:
        return {"id": vid, "input": t, "error_field": e.field}
    raise AssertionError(f"{vid} should be invalid")


def escape_invisible(text):
    out = []
    for c in text:
        cat = unicodedata.category(c)
        if ord(c) > 0x7E and (cat[0] in "MCZ"):
            out.append("\\u%04x" % ord(c))
        else:
            out.append(c)
    return "".join(out)


def vectors():
    return {
        "spec": "garant Pseudonymisation v1 (docs/pseudonymisation-v1.md)",
        "key_hex": KEY.hex(),
        "current_year": CURRENT_YEAR,
        "identities": [identity_vector(*v) for v in IDENTITIES],
        "norm": [norm_vector(s) for s in NORM],
        "invalid": [invalid_vector(*v) for v in INVALID],
    }


def show(s):
    """Markdown-safe rendering of an input with its invisible characters named."""
    if s is None:
        return "(none)"
    out = []
    for c in s:
        cat = unicodedata.category(c)
        if c == " " or not (cat[0] in "MCZ"):
            out.append(c)
        else:
            out.append("\u27e8U+%04X\u27e9" % ord(c))
    return "`" + "".join(out).replace("|", "\\|") + "`" if s else "(empty string)"


def markdown():
    v = vectors()
    lines = []
    for i, item in enumerate(v["identities"], 1):
        t, e = item["input"], item["expected"]
        lines.append(f"#### V{i}. `{item['id']}`: {item['note']}\n")
        lines.append("| input | value |\n|---|---|")
        for f in ("birth_name", "used_name", "given_names", "birth_date", "sex", "ins"):
            if t[f] is not None:
                lines.append(f"| {f} | {show(t[f])} |")
        lines.append("")
        lines.append("N = " + ", ".join(f"`{n}`" for n in e["N"])
                     + "; G = " + ", ".join(f"`{g}`" for g in e["G"])
                     + f"; D = `{e['D']}`; S = `{e['S']}`"
                     + (f"; INS = `{e['ins']}`" if e["ins"] else "") + "\n")
        lines.append("```")
        for m, tok in zip(e["messages"], e["tokens"]):
            lines.append(m)
            lines.append("  -> " + tok)
        lines.append("```\n")
    lines.append("### norm() alone\n")
    lines.append("| input | norm(input) |\n|---|---|")
    for item in v["norm"]:
        shown = show(item["input"])
        if len(item["input"]) > 20:
            shown = f"{show(item['input'][:6])} ... ({len(item['input'])} code points)"
        result = f"`{item['output']}`" if "output" in item else f"error: {item['error']}"
        if "output" in item and len(item["output"]) > 20:
            result = f"`{item['output'][:6]}` ... ({len(item['output'])} letters)"
        lines.append(f"| {shown} | {result} |")
    lines.append("\n### Invalid identities\n")
    lines.append("Each differs from a valid identity in one field, which must be the one "
                 "reported.\n")
    lines.append("| id | the invalid field | its value |\n|---|---|---|")
    for item in v["invalid"]:
        f = item["error_field"]
        value = item["input"][f]
        shown = show(value) if len(value) <= 30 else f"`{value[:6]}...` ({len(value)} characters)"
        lines.append(f"| `{item['id']}` | {f} | {shown} |")
    return "\n".join(lines)


if __name__ == "__main__":
    if "--markdown" in sys.argv:
        print(markdown())
    else:
        print(escape_invisible(json.dumps(vectors(), ensure_ascii=False, indent=1)))
