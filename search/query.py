"""The search box's syntax: user text → a checked syntax tree the engine runs as it is.

Syntax (documented for users in templates/search/help.html):

* ``border wall`` — every word must match (stemmed: "borders" finds "border");
* ``"zero tolerance"`` — an exact phrase;
* ``border OR wall`` — either; ``OR``, ``AND`` and ``NOT`` are operators only in CAPITALS, so a
  lowercase ``or``/``and``/``not`` is an ordinary word (people search for "rock and roll");
* ``-trump`` or ``NOT trump`` — exclude; ``immigr*`` — prefix (at least 3 letters before ``*``;
  all the prefixes of one search may stand for at most MAX_PREFIX_WORDS words of the index held
  MAX_PREFIX_POSTINGS times, checked by search/service.py before the search runs);
* ``title:``, ``speaker:``, ``actor:``, ``source:`` before a word or a "phrase" — search that field;
* parentheses group; precedence is NOT, then AND (also implicit), then OR.

Nothing the user types reaches an engine parser: `parse()` builds a tree of `Term`, `Phrase`,
`Prefix`, `And`, `Or` and `Not` nodes whose texts hold only word characters, `for_index()` names
each leaf's index field (a `speaker:` or `actor:` leaf becomes a `OneOf` of the canonical names of
the actors whose name or alias it matches: `NamedActors`), and the engine builds its own query
objects from that tree (`search.engine.matching`). That keeps OR and NOT meaning what they say
(haystack's `auto_query` turns both into AND, and `raw_search` reads ``-term`` as a positive term
and ``*`` as match-all; notes §5).

`parse()` never raises: it returns a `ParsedQuery` with either a `tree` or an `error` (a sentence
for the user), plus `notices` about what it repaired (an unclosed quote or parenthesis).
"""

import re
from dataclasses import dataclass, field, replace

MAX_CHARS = 200
MAX_TERMS = 20
# A prefix stands for every word of the index it starts: "co*" for 1,400 words of the BBC corpus.
# Two letters let 20 of them cost seconds (issue 12); three letters and caps on the words they
# stand for and on those words' postings (documents holding them) bound what one search reads,
# whatever the size of the archive. The postings cap is about what the commonest words cost: at
# 100,000 articles a prefix's postings are listed and scored at about 1 µs each
# (search/engine/postings.py: "comp*", 48 words in 117,498 postings, 68 ms; "said" alone is
# 94,011), where Whoosh's matchers took 10-25 µs and the cap was 15,000.
MIN_PREFIX = 3
MAX_PREFIX_WORDS = 200
MAX_PREFIX_POSTINGS = 100_000


@dataclass(frozen=True)
class NamedActors:
    """A user field naming actors (`speaker:`, `actor:`): its words are looked up in the public
    actors' own documents (name and aliases, analysed like any text), and a document matches when
    its whole-value field for such an actor's kind holds the actor's canonical name.

    Aliases are thus read at query time from the actor's document alone: a merge or a new alias
    rewrites the actor's document, not every article and quote naming the actor (issue #13).
    `fields`: ((actor kind, index field), ...); the kind None stands for any kind.
    """

    fields: tuple

    def field_for(self, kind):
        """The whole-value field holding the names of actors of `kind`, or None."""
        by_kind = dict(self.fields)
        return by_kind.get(kind, by_kind.get(None))


# The user's field names → index field names, per tab. A field missing from a tab is an error there.
ARTICLE_FIELDS = {
    None: "content",
    "title": "title",
    "speaker": NamedActors(((None, "speakers"),)),
    "actor": NamedActors((("person", "people"), ("organisation", "organisations"), ("place", "places"))),
    "source": "source_text",
}
QUOTE_FIELDS = {
    None: "content",
    "title": "article_title",
    "speaker": NamedActors(((None, "speaker_exact"),)),
    "source": "source",
}
# The actors one search may name through its `speaker:`/`actor:` words, all of them together: each
# becomes a clause of the query, and Solr refuses a query of more than 1,024 clauses (with at most
# MAX_TERMS others). Of the BBC import's 11,801 actors (2,091 articles), "speaker:john" names 122,
# "speaker:mr" 214 (its aliases: "Mr Blair"...).
MAX_NAMED_ACTORS = 1000
USER_FIELDS = ("title", "speaker", "actor", "source")
OPERATORS = ("AND", "OR", "NOT")
WORD = re.compile(r"\w+")
# "Blair's", "Blair’s": the possessive 's is no word of its own (the index drops it too).
POSSESSIVE = re.compile(r"(?<=\w)['’]s\b", re.IGNORECASE)


def without_possessives(text):
    return POSSESSIVE.sub("", text)


TOKEN = re.compile(
    r"""\s*(?:
        (?P<paren>[()])
      | (?P<neg>-)?(?:(?P<field>[A-Za-z]+):)?"(?P<phrase>[^"]*)(?P<closed>")?
      | (?P<neg2>-)?(?:(?P<field2>[A-Za-z]+):)?(?P<word>[^\s()"]+)
    )""",
    re.VERBOSE,
)


# --- the tree ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Term:
    field: str | None
    text: str  # word characters only, space-separated when the token held several ("U.S." → "U S")


@dataclass(frozen=True)
class Phrase:
    field: str | None
    text: str


@dataclass(frozen=True)
class Prefix:
    field: str | None
    stem: str  # lowercase word characters, at least MIN_PREFIX long


@dataclass(frozen=True)
class OneOf:
    """Documents whose whole-value field holds one of the values: ((index field, value), ...);
    none, an empty tuple, matches nothing. Never parsed from user text: `for_index()` writes it for
    the words of a `NamedActors` field."""

    values: tuple


@dataclass(frozen=True)
class Not:
    child: object


@dataclass(frozen=True)
class And:
    children: tuple


@dataclass(frozen=True)
class Or:
    children: tuple


@dataclass
class ParsedQuery:
    text: str
    tree: object = None
    error: str = ""
    notices: list = field(default_factory=list)

    @property
    def ok(self):
        return self.tree is not None

    def prefixes(self):
        """Every Prefix node of the tree, negated or not (each costs its expansion)."""
        found = []

        def walk(node):
            if isinstance(node, Not):
                walk(node.child)
            elif isinstance(node, (And, Or)):
                for child in node.children:
                    walk(child)
            elif isinstance(node, Prefix):
                found.append(node)

        if self.tree is not None:
            walk(self.tree)
        return found

    def words(self):
        """The positive content words and phrases (for highlighting quotes and spelling)."""
        return [leaf.stem if isinstance(leaf, Prefix) else leaf.text for leaf in self.positive_leaves()]

    def positive_leaves(self):
        """The `Term`, `Phrase` and `Prefix` nodes the query looks for (not those under a NOT)."""
        found = []

        def walk(node, negated):
            if isinstance(node, Not):
                walk(node.child, not negated)
            elif isinstance(node, (And, Or)):
                for child in node.children:
                    walk(child, negated)
            elif not negated:
                found.append(node)

        if self.tree is not None:
            walk(self.tree, False)
        return found


class QueryError(Exception):
    """A message for the user; never leaves this module (parse() returns it as ParsedQuery.error)."""


# --- tokenizer -----------------------------------------------------------------------------------


def tokenize(text, notices):
    """→ list of ("(" | ")" | "AND" | "OR" | "NOT" | leaf node, negated) tuples."""
    tokens = []
    position = 0
    while position < len(text):
        match = TOKEN.match(text, position)
        if match is None or match.end() == position:  # only whitespace left
            break
        position = match.end()
        if match["paren"]:
            tokens.append((match["paren"], False))
        elif match["phrase"] is not None:
            if not match["closed"]:
                notices.append("A quotation mark was not closed; we closed it at the end.")
            leaf = leaf_for(match["field"], match["phrase"], phrase=True)
            if leaf is not None:
                tokens.append((leaf, bool(match["neg"])))
        else:
            word = match["word"]
            if match["field2"] is None and word in OPERATORS and not match["neg2"]:
                tokens.append((word, False))
                continue
            leaf = leaf_for(match["field2"], word, phrase=False)
            if leaf is not None:
                tokens.append((leaf, bool(match["neg2"])))
    return tokens


def leaf_for(field_name, text, phrase):
    """A Term, Phrase or Prefix; None when the text holds no word characters (`*`, `-`, `+++`)."""
    field_key = field_name.lower() if field_name else None
    if field_key is not None and field_key not in USER_FIELDS:
        # Not one of ours ("http:", "foo:"): the whole token is ordinary text.
        text = f"{field_name} {text}"
        field_key = None
    words = WORD.findall(without_possessives(text))
    if not words:
        return None
    if phrase:
        return Phrase(field_key, " ".join(words))
    if text.endswith("*") and len(words) == 1 and text[:-1].rstrip("*") == words[0]:
        if len(words[0]) < MIN_PREFIX:
            raise QueryError(f"Use at least {MIN_PREFIX} letters before * (for example immig*).")
        return Prefix(field_key, words[0].lower())
    if len(words) > 1:
        return Phrase(field_key, " ".join(words))  # "U.S." or "e-mail": keep the parts together
    return Term(field_key, words[0])


# --- parser --------------------------------------------------------------------------------------


class Parser:
    """Recursive descent: or_expr := and_expr (OR and_expr)*; and_expr := unary (AND? unary)*;
    unary := (NOT | -) unary | "(" or_expr ")" | leaf."""

    def __init__(self, tokens, notices):
        self.tokens = tokens
        self.position = 0
        self.notices = notices

    def peek(self):
        return self.tokens[self.position][0] if self.position < len(self.tokens) else None

    def take(self):
        token = self.tokens[self.position]
        self.position += 1
        return token

    def parse(self):
        nodes = []
        while self.position < len(self.tokens):
            if self.peek() == ")":
                self.take()
                self.notices.append("A closing parenthesis had no opening one; we ignored it.")
                continue
            node = self.or_expr()
            if node is not None:
                nodes.append(node)
        return combine(And, nodes)

    def or_expr(self):
        sides = [self.and_expr()]
        while self.peek() == "OR":
            self.take()
            sides.append(self.and_expr())
        sides = [side for side in sides if side is not None]
        return combine(Or, sides)

    def and_expr(self):
        parts = []
        while self.peek() not in (None, ")", "OR"):
            if self.peek() == "AND":
                self.take()
                continue
            node = self.unary()
            if node is not None:
                parts.append(node)
        return combine(And, parts)

    def unary(self):
        item, negated = self.take()
        if item == "NOT":
            if self.peek() in (None, ")", "OR", "AND"):
                return None  # a dangling NOT excludes nothing
            child = self.unary()
            return Not(child) if child is not None else None
        if item == "(":
            inner = self.or_expr()
            if self.peek() == ")":
                self.take()
            else:
                self.notices.append("A parenthesis was not closed; we closed it at the end.")
            return inner
        return Not(item) if negated else item


def combine(kind, nodes):
    if not nodes:
        return None
    if len(nodes) == 1:
        return nodes[0]
    flat = []
    for node in nodes:
        flat.extend(node.children if isinstance(node, kind) else [node])
    return kind(tuple(flat))


def is_positive(node):
    """Whether the node selects documents by content, rather than "everything except …"."""
    if isinstance(node, Not):
        return False
    if isinstance(node, And):
        return any(is_positive(child) for child in node.children)
    if isinstance(node, Or):
        return all(is_positive(child) for child in node.children)
    return True


def count_terms(node):
    if isinstance(node, Not):
        return count_terms(node.child)
    if isinstance(node, (And, Or)):
        return sum(count_terms(child) for child in node.children)
    return 1


def parse(text):
    """User text → ParsedQuery (a tree, or an error message for the user). Never raises."""
    text = text or ""
    parsed = ParsedQuery(text=text)
    if len(text) > MAX_CHARS:
        parsed.error = (
            f"Your search is {len(text)} characters long; the limit is {MAX_CHARS}. Please shorten it."
        )
        return parsed
    try:
        tree = Parser(tokenize(text, parsed.notices), parsed.notices).parse()
    except QueryError as error:
        parsed.error = str(error)
        return parsed
    finally:
        parsed.notices = list(dict.fromkeys(parsed.notices))  # "((border": one notice, not two
    if tree is None:
        parsed.error = "Type one or more words to search for." if text.strip() else ""
        return parsed
    terms = count_terms(tree)
    if terms > MAX_TERMS:
        parsed.error = f"Your search has {terms} terms; the limit is {MAX_TERMS}. Please remove some."
        return parsed
    if not is_positive(tree):
        parsed.error = (
            "Add at least one word to search for: a search can't consist only of exclusions "
            "(-word or NOT word), and each side of OR needs a word of its own."
        )
        return parsed
    parsed.tree = tree
    return parsed


# --- handing the tree to the engine ---------------------------------------------------------------


def for_index(node, fields=ARTICLE_FIELDS, actors_matching=None):
    """The tree with each leaf's user field replaced by its index field in `fields` (ARTICLE_FIELDS
    or QUOTE_FIELDS; "content" for plain words): what search.engine.matching() takes.

    A leaf of a `NamedActors` field becomes a `OneOf` of the names of the actors
    `actors_matching(leaf)` returns, [(name, kind), ...], for the leaf with its field "content" (the
    actors' documents' text: name and aliases). Raises QueryError when the tree uses a field this
    tab has no index field for, or names more than MAX_NAMED_ACTORS actors.

    The tree is returned with the leaves that name nobody folded away (`without_nobody()`): it is
    NOTHING when no document can match.
    """
    named = []
    tree = _for_index(node, fields, actors_matching, named)
    if len(named) > MAX_NAMED_ACTORS:
        raise QueryError(
            f"Your speaker: and actor: words name {len(named):,}+ people, organisations and places, "
            f"more than the {MAX_NAMED_ACTORS:,} one search can look for: use whole names or "
            '"phrases".'
        )
    return without_nobody(tree)


def _for_index(node, fields, actors_matching, named):
    if isinstance(node, (Term, Phrase, Prefix)):
        index_field = fields.get(node.field)
        if index_field is None:
            raise QueryError(f"{node.field}: can't be used here; try it on the Articles tab.")
        if isinstance(index_field, NamedActors):
            return one_of_named(index_field, actors_matching(replace(node, field="content")), named)
        return replace(node, field=index_field)
    if isinstance(node, Not):
        return Not(_for_index(node.child, fields, actors_matching, named))
    return type(node)(tuple(_for_index(child, fields, actors_matching, named) for child in node.children))


def one_of_named(named_actors, actors, named):
    """The OneOf for `actors` ([(name, kind)]) in `named_actors`' fields; adds them to `named`."""
    values = []
    for name, kind in actors:
        field_name = named_actors.field_for(kind)
        if field_name is not None:
            values.append((field_name, name))
    values = sorted(set(values))
    named.extend(values)
    return OneOf(tuple(values))


NOTHING = OneOf(())


def without_nobody(node):
    """`node` with each OneOf that names nobody folded away, or NOTHING if nothing can match.

    Such a leaf matches nothing: an And holding one matches nothing, an Or leaves it out and a Not
    of it excludes nothing (its And leaves it out). The engines are never asked to match nothing
    (Whoosh's And drops an empty Or as if it matched everything). A positive tree (`is_positive`)
    never reduces to "everything", so the result is a tree or NOTHING.
    """
    folded = _folded(node)
    return NOTHING if folded is None else folded


EVERYTHING = None  # what a Not of NOTHING matches, while folding


def _folded(node):
    if isinstance(node, OneOf):
        return node if node.values else NOTHING
    if isinstance(node, Not):
        child = _folded(node.child)
        return EVERYTHING if child == NOTHING else (NOTHING if child is EVERYTHING else Not(child))
    if isinstance(node, And):
        children = [_folded(child) for child in node.children]
        if NOTHING in children:
            return NOTHING
        return combine(And, [child for child in children if child is not EVERYTHING])
    if isinstance(node, Or):
        children = [_folded(child) for child in node.children]
        if any(child is EVERYTHING for child in children):
            return EVERYTHING
        return combine(Or, [child for child in children if child != NOTHING]) or NOTHING
    return node
