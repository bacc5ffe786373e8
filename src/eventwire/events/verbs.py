"""Verb-pattern dictionaries: eventwire's own and imported PETRARCH ones, one format.

The syntax is PETRARCH-2's (`CAMEO.2.0.txt`), which also reads the older PETRARCH-1
validation file (`PETR.Validate.verbs.txt`)::

    &SYNSET                      # a set of words or phrases, used as &SYNSET in patterns
    +WORD
    +TWO_WORDS
    ---  LAUNCH  [---]  ---      # a block: its verbs share these patterns
    LAUNCH                       # a verb (regular forms made automatically)
    SEND {SENT SENDING SENDS}    # irregular forms
    - * {JOINT &MILITARY EXERCISES}  [062]   # * is the verb; words after it its object
    - * (WITH &NEGOTIATION)      [036]       # (PREP WORDS): a prepositional phrase
    - &MILITARY *                [154]       # words before it: on the subject side

`$`, `+` and `%` (source and target markers) are accepted and not needed: the parse says
who is source and target. A code `[A:B]` codes A from source to target and the paired
event B back from target to source ("met": 040 both ways). `[---]` means no event.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from spacy.tokens import Token

from eventwire.errors import RulesError

_CODE = re.compile(r"\[([^\[\]]*)\]\s*$")
_HEADER = re.compile(r"^---\s*(.*?)\s*\[([^\]]*)\]\s*---")
_BRACES = re.compile(r"\{([^{}]*)\}")
MARKERS = {"$", "+", "%", "^"}


@dataclass(frozen=True)
class Term:
    """One thing a pattern needs: any of several word sequences (a synset gives many)."""

    options: tuple[tuple[str, ...], ...]


@dataclass(frozen=True)
class PrepTerm:
    """A prepositional phrase: the preposition, then terms its object must hold."""

    preposition: str
    terms: tuple[Term, ...]


@dataclass(frozen=True)
class Pattern:
    pre: tuple[Term, ...]
    post: tuple[Term, ...]
    preps: tuple[PrepTerm, ...]
    code: str | None
    source: str

    @property
    def weight(self) -> int:
        """More constraints, more specific: tried first."""
        words = sum(max((len(o) for o in t.options), default=0) for t in self.pre + self.post)
        return words + sum(1 + len(p.terms) for p in self.preps)


@dataclass
class Block:
    name: str
    code: str | None
    source: str
    patterns: list[Pattern] = field(default_factory=list)


@dataclass
class VerbDictionary:
    """Verbs (by lower-cased form) -> their block and their own code, if any."""

    verbs: dict[str, tuple[Block, str | None]] = field(default_factory=dict)
    blocks: list[Block] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    def extend(self, other: VerbDictionary) -> None:
        self.verbs.update(other.verbs)
        self.blocks += other.blocks
        self.warnings += other.warnings

    def lookup(self, form: str) -> tuple[Block, str | None] | None:
        return self.verbs.get(form.lower())

    def lookup_token(self, token: Token) -> tuple[Block, str | None] | None:
        """A verb as written or by lemma; with its particle first ("cordoned off")."""
        particles = [c.lower_ for c in token.children if c.dep_ == "prt"]
        keys = [f"{form} {p}" for p in particles for form in (token.lower_, token.lemma_.lower())]
        keys += [token.lower_, token.lemma_.lower()]
        return next((self.verbs[k] for k in keys if k in self.verbs), None)


def _code(text: str) -> str | None:
    """`[043]` -> "043"; `[042:043]` keeps both, primary:paired; `[---]` -> None."""
    primary, _, paired = text.partition(":")
    primary, paired = primary.strip(), paired.strip()
    if not primary or primary.startswith("---"):
        return None
    return f"{primary}:{paired}" if paired and not paired.startswith("---") else primary


def _regular_forms(verb: str) -> list[str]:
    base = verb.lower()
    if base.endswith("e"):
        return [base, base + "s", base + "d", base[:-1] + "ing"]
    if base.endswith("y") and base[-2:-1] not in "aeiou":
        return [base, base[:-1] + "ies", base[:-1] + "ied", base + "ing"]
    if base.endswith(("s", "sh", "ch", "x", "z")):
        return [base, base + "es", base + "ed", base + "ing"]
    return [base, base + "s", base + "ed", base + "ing"]


class _Parser:
    def __init__(self, path: Path) -> None:
        self.path = path
        self.synsets: dict[str, list[tuple[str, ...]]] = {}
        self.result = VerbDictionary()
        self.block: Block | None = None
        self.synset: str | None = None

    def where(self, number: int) -> str:
        return f"{self.path}:{number}"

    def words(self, phrase: str) -> tuple[str, ...]:
        return tuple(
            w for w in re.split(r"[\s_]+", phrase.strip().lower()) if w and w not in MARKERS
        )

    def term(self, token: str, number: int) -> Term:
        """A word, a {multi word} phrase, a &SYNSET, or WORD_WORD."""
        if token.startswith("&") and "_" not in token.rstrip("_"):
            name = token.rstrip("_")
            if name not in self.synsets:
                raise RulesError(f"{self.where(number)}: synset {name} is not defined above")
            return Term(tuple(self.synsets[name]))
        parts = self.words(token)
        expanded: list[tuple[str, ...]] = [()]
        for part in parts:
            if part.startswith("&"):
                options = self.synsets.get("&" + part[1:].upper().rstrip("_"))
                if options is None:
                    raise RulesError(
                        f"{self.where(number)}: synset &{part[1:].upper()} is not defined above"
                    )
                expanded = [e + o for e in expanded for o in options]
            else:
                expanded = [(*e, part) for e in expanded]
        return Term(tuple(expanded))

    def tokens(self, text: str) -> list[str]:
        """Split a pattern into tokens, keeping {...} and (...) groups whole."""
        out, depth, current = [], 0, ""
        for char in text:
            if char in "({":
                if depth == 0 and current.strip():
                    out.append(current.strip())
                    current = ""
                depth += 1
                current += char
            elif char in ")}":
                depth -= 1
                current += char
                if depth == 0:
                    out.append(current.strip())
                    current = ""
            elif char.isspace() and depth == 0:
                if current.strip():
                    out.append(current.strip())
                current = ""
            else:
                current += char
        if depth != 0:
            raise ValueError("unbalanced brackets")
        if current.strip():
            out.append(current.strip())
        return out

    def pattern(self, text: str, number: int) -> Pattern:
        match = _CODE.search(text)
        if not match:
            raise RulesError(f"{self.where(number)}: pattern has no [CODE]")
        # PETRARCH-1 glues the verb to its neighbours: "IN_*", "*_OUT".
        body = re.sub(r"_?\*_?", " * ", text[: match.start()]).strip()
        try:
            tokens = self.tokens(body)
        except ValueError:
            raise RulesError(f"{self.where(number)}: unbalanced brackets in pattern") from None
        if "*" not in tokens:
            raise RulesError(f"{self.where(number)}: pattern has no * for the verb")
        star = tokens.index("*")
        pre = [
            self.term(t, number)
            for t in tokens[:star]
            if t not in MARKERS and not t.startswith("(")
        ]
        post: list[Term] = []
        preps: list[PrepTerm] = []
        for token in tokens[star + 1 :]:
            if token in MARKERS:
                continue
            if token.startswith("("):
                inner = [t for t in self.tokens(token[1:-1]) if t not in MARKERS]
                if inner:
                    preps.append(
                        PrepTerm(inner[0].lower(), tuple(self.term(t, number) for t in inner[1:]))
                    )
            elif token.startswith("{"):
                post.append(self.term(token[1:-1].replace(" ", "_"), number))
            else:
                post.append(self.term(token, number))
        return Pattern(tuple(pre), tuple(post), tuple(preps), _code(match[1]), self.where(number))

    def verb_line(self, text: str, number: int) -> None:
        assert self.block is not None
        own = None
        code_match = _CODE.search(text)
        if code_match:
            own = _code(code_match[1])
            text = text[: code_match.start()]
        forms_match = _BRACES.search(text)
        forms = self.words(forms_match[1]) if forms_match else ()
        base = _BRACES.sub(" ", text).strip().lstrip("+")
        words = self.words(base)
        if not words:
            raise RulesError(f"{self.where(number)}: a verb line with no verb")
        if len(words) > 2:
            return  # longer verb phrases need phrase matching: not supported
        # A phrasal verb ("CORDON_OFF") is keyed "cordon off": verb form, then particle.
        tail = f" {words[1]}" if len(words) == 2 else ""
        for form in {*_regular_forms(words[0]), *forms}:
            self.result.verbs[form + tail] = (self.block, own)

    def line(self, text: str, number: int) -> None:
        stripped = text.strip()
        if not stripped:
            self.synset = None
            return
        header = _HEADER.match(stripped)
        if header:
            self.synset = None
            self.block = Block(header[1].strip(), _code(header[2]), self.where(number))
            self.result.blocks.append(self.block)
        elif stripped.startswith("&"):
            self.synset = stripped.split()[0].rstrip("_")
            self.synsets[self.synset] = []
        elif stripped.startswith("+") and self.synset is not None:
            item = stripped[1:].strip()
            if item.startswith("&"):
                self.synsets[self.synset] += list(self.term(item, number).options)
            else:
                self.synsets[self.synset].append(self.words(_BRACES.sub(" ", item)))
        elif stripped.startswith("-"):
            if self.block is None:
                raise RulesError(f"{self.where(number)}: a pattern before any --- VERB --- block")
            self.block.patterns.append(self.pattern(stripped[1:], number))
        elif self.block is not None:
            self.verb_line(stripped, number)
        else:
            raise RulesError(f"{self.where(number)}: cannot read {stripped[:40]!r}")


def _clean(line: str, in_comment: bool) -> tuple[str, bool]:
    out = ""
    while line:
        if in_comment:
            end = line.find("-->")
            if end < 0:
                return out, True
            line, in_comment = line[end + 3 :], False
        else:
            start = line.find("<!--")
            if start < 0:
                out += line
                break
            out, line, in_comment = out + line[:start], line[start + 4 :], True
    cut = out.find("#")
    return (out[:cut] if cut >= 0 else out), in_comment


def load_verbs(path: str | Path, dictionary: VerbDictionary | None = None) -> VerbDictionary:
    """Read a verb dictionary; unreadable lines are errors naming file and line, except
    in long files where a few are skipped and reported (as for actor dictionaries)."""
    path = Path(path)
    try:
        text = path.read_text("utf-8", errors="replace")
    except OSError as exc:
        raise RulesError(f"{path}: cannot read dictionary: {exc.strerror}") from exc
    parser = _Parser(path)
    errors: list[RulesError] = []
    in_comment = False
    for number, raw in enumerate(text.splitlines(), 1):
        line, in_comment = _clean(raw, in_comment)
        if raw.strip() and not line.strip():
            continue  # a comment line does not end a synset; only a blank line does
        try:
            parser.line(line, number)
        except RulesError as exc:
            errors.append(exc)
    patterns = sum(len(b.patterns) for b in parser.result.blocks)
    if errors and (patterns + len(parser.result.verbs) == 0 or len(errors) > patterns // 20):
        more = f" (and {len(errors) - 1} more problems)" if len(errors) > 1 else ""
        raise RulesError(f"{errors[0]}{more}")
    parser.result.warnings += [f"{e} (line skipped)" for e in errors]
    for block in parser.result.blocks:
        block.patterns.sort(key=lambda p: -p.weight)
    if dictionary is not None:
        dictionary.extend(parser.result)
        return dictionary
    return parser.result
