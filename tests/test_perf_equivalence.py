"""The fast paths added for speed (issue 8) give exactly what the plain code they replace gives."""

from __future__ import annotations

import random
from typing import Any

import pytest

from defense_ties.extractors.people import TokView, tok_view
from defense_ties.nlp import get_nlp
from defense_ties.normalize import _RE_APOS, _RE_BROKEN, _broken_words, _inner_apostrophes, build_view

_ALPHABET = ["a", "z", "b", "A", "Z", " ", "\t", "\r", "\n", "\n\n", "é", "1", ".", "-", "\u2019", "&amp;", "\u00a0"]


def _random_texts(n: int, seed: int) -> list[str]:
    rnd = random.Random(seed)
    return ["".join(rnd.choice(_ALPHABET) for _ in range(rnd.randint(0, 60))) for _ in range(n)]


@pytest.mark.parametrize("seed", range(5))
def test_broken_words_equals_regex(seed: int) -> None:
    for text in _random_texts(400, seed):
        assert _broken_words(text) == [(m.start(), m.end()) for m in _RE_BROKEN.finditer(text)], repr(text)


def test_broken_words_cases() -> None:
    assert _broken_words("defen\nce") == [(5, 6)]
    assert _broken_words("defen \t\r\nce") == [(5, 9)]
    assert _broken_words("defen\r \nce") == []
    assert _broken_words("Defence\nMinister") == []
    assert _broken_words("\n\na\n") == []


def _plain_tok_view(doc: object) -> TokView:
    toks = list(doc)  # type: ignore[call-overload]
    return TokView(
        text=[t.text for t in toks],
        lower=[t.lower_ for t in toks],
        ws=[bool(t.whitespace_) for t in toks],
        space=[t.is_space for t in toks],
        punct=[t.is_punct for t in toks],
        alpha=[t.is_alpha for t in toks],
    )


@pytest.mark.parametrize(
    "text",
    [
        "",
        "x",
        "  ",
        "Gen. Kim Seung-kyum met Adm. Rob Bauer in Seoul on Feb. 14, 2023. \u201cWe agree,\u201d he said.\n\nÉté!",
        "NATO NATO nato Nato \u2014 (U.S.) 1,000 \U0001f600 \u00a0 ok",
    ],
)
def test_tok_view_equals_token_attributes(text: str) -> None:
    doc = get_nlp()(build_view(text).text)
    assert tok_view(doc) == _plain_tok_view(doc)


@pytest.mark.parametrize("seed", range(5))
def test_inner_apostrophes_equals_regex(seed: int) -> None:
    rnd = random.Random(seed)
    alphabet = ["a", "\u2019", "\u02bc", " ", "_", "1", "é", "\u0663", "-", "'", "\n"]
    for _ in range(400):
        text = "".join(rnd.choice(alphabet) for _ in range(rnd.randint(0, 30)))
        assert _inner_apostrophes(text) == [m.start() for m in _RE_APOS.finditer(text)], repr(text)


def _plain_quote_mask(words: list[str], spaces: list[bool]) -> bytearray:
    """The token-by-token reading ``quote_mask`` replaces (its reference)."""
    mask = bytearray(len(words))
    open_at = straight = single = None
    for i, t in enumerate(words):
        if t in {"\u201c", "\u00ab", "\u201e"}:
            open_at = i
        elif t in {"\u201d", "\u00bb"} and open_at is not None:
            mask[open_at : i + 1] = b"\x01" * (i + 1 - open_at)
            open_at = None
        elif t == '"':
            if straight is None:
                straight = i
            else:
                mask[straight : i + 1] = b"\x01" * (i + 1 - straight)
                straight = None
        elif t == "\u2018" and open_at is None:
            single = i
        elif t == "\u2019" and single is not None and i - single < 200:
            mask[single : i + 1] = b"\x01" * (i + 1 - single)
            single = None
        elif t.isspace() and "\n" in t:
            single = None
            if "\n\n" in t:
                open_at = straight = None
    return mask


@pytest.mark.parametrize("seed", range(3))
def test_quote_mask_equals_token_by_token_reading(seed: int) -> None:
    from spacy.tokens import Doc

    from defense_ties.extractors.people import quote_mask

    rnd = random.Random(seed)
    pool = ["said", "Kim", ",", ".", '"', "\u201c", "\u201d", "\u2018", "\u2019", "\u00ab", "\u00bb", "\u201e", "\n", "\n\n", " "]
    vocab = get_nlp().vocab
    for _ in range(300):
        words = [rnd.choice(pool) for _ in range(rnd.randint(1, 40))]
        spaces = [False] * len(words)
        doc = Doc(vocab, words=words, spaces=spaces)
        assert quote_mask(doc) == _plain_quote_mask(words, spaces), words


def test_span_of_equals_token_bounds() -> None:
    from defense_ties import extract  # noqa: F401  (the package import sets up spaCy)
    from defense_ties.context import ArticleContext
    from defense_ties.models import Article

    text = "Adm.  Rob Bauer\u00a0met Gen. Kim in Seoul,\n\nsaying \u201cwe agree.\u201d"
    view = build_view(text)
    doc = get_nlp()(view.text)
    ctx = ArticleContext(article=Article(id="x", text_sha256="0" * 64), view=view, published=None)
    for s in range(len(doc)):
        tok = doc[s]
        assert ctx.span_of(tok) == ctx.span(tok.idx, tok.idx + len(tok.text))
        for e in range(s, len(doc) + 1):
            sp = doc[s:e]
            want = ctx.span(sp[0].idx, sp[-1].idx + len(sp[-1].text)) if e > s else ctx.span(0, 0)
            assert ctx.span_of(sp) == want
    assert ctx.span_of(doc) == ctx.span(0, doc[-1].idx + len(doc[-1].text))


@pytest.mark.parametrize("seed", range(3))
def test_matching_around_anchors_finds_every_whole_doc_match(seed: int) -> None:
    from defense_ties.lexicons import DEFAULT_LEXICONS
    from defense_ties.temporal import compiled_for
    from defense_ties.temporal.resolve import window_matches

    nlp = get_nlp()
    comp = compiled_for(DEFAULT_LEXICONS, nlp.vocab)
    rnd = random.Random(seed)
    pool = [
        "on", "the", "in", "of", "last", "next", "this", "early", "mid-", "late", "the", "same", "day",
        "week", "month", "year", "years", "ago", "later", "earlier", "January", "Jan.", "Feb.", "May",
        "March", "Monday", "Sunday", "spring", "summer", "fall", "1", "2", "14", "14th", "31", "05", "2023",
        "2019", "1990s", "2010-13", "7/8/07", "Q3", "quarter", "century", "decade", "weekend", "today",
        "yesterday", "tomorrow", ",", "-", "to", "and", "two", "three", "first", "second",
    ]
    for _ in range(60):
        text = " ".join(rnd.choice(pool) for _ in range(rnd.randint(1, 80)))
        doc = nlp(text)
        whole = {(k, s, e) for m in comp.matchers.values() for k, s, e in m(doc)}
        assert window_matches(doc, comp) == whole, text


def _plain_tag_doc(doc: object, lex: object) -> list[tuple[int, int, str, str, str]]:
    """``people.tag_doc`` as first written: a sort on a key function, Token attributes."""
    from defense_ties.extractors.people import _PRIORITY, TITLE, VERB, get_tagger

    tg = get_tagger(lex)  # type: ignore[arg-type]
    strings = doc.vocab.strings  # type: ignore[attr-defined]
    cands = []
    for mid, s, e in [*tg.lower(doc), *tg.orth(doc)]:  # type: ignore[arg-type]
        cat, value, extra = strings[mid].split("|", 2)
        cands.append((s, e, cat, value, extra))
    cands.sort(key=lambda c: (-(c[1] - c[0]), _PRIORITY[c[2]], c[0]))
    taken = [0] * len(doc)  # type: ignore[arg-type]
    out = []
    for s, e, cat, value, extra in cands:
        if any(taken[s:e]):
            continue
        tok = doc[s]  # type: ignore[index]
        if cat == TITLE and e - s == 1 and tok.is_upper and len(tok.text) > 1:
            continue
        if cat == VERB and tok.text[:1].isupper() and not tok.is_sent_start:
            continue
        for k in range(s, e):
            taken[k] = 1
        out.append((s, e, cat, value, extra))
    out.sort(key=lambda t: t[0])
    return out


@pytest.mark.parametrize("seed", range(3))
def test_tag_doc_equals_plain_sort(seed: int) -> None:
    from defense_ties.extractors.people import _tag_doc
    from defense_ties.lexicons import DEFAULT_LEXICONS

    nlp = get_nlp()
    rnd = random.Random(seed)
    pool = [
        "Defense", "Minister", "defense", "minister", "MINISTER", "Gen.", "Adm.", "Lt.", "Gen", "NATO", "Nato",
        "nato", "Joint", "Chiefs", "of", "Staff", "JCS", "chairman", "Chairman", "CHAIRMAN", "South", "Korea",
        "Korean", "Seoul", "said", "Said", "SAID", "told", "according", "to", "Secretary", "State", "secretary",
        "general", "General", "the", "ministry", "Ministry", "U.S.", "Japan", "Japanese", ".", ",", "\n", "Kim",
        "counterpart", "Europe", "Asia", "President", "president", "former", "stated", "by", "as", "reported",
    ]
    for _ in range(80):
        doc = nlp(" ".join(rnd.choice(pool) for _ in range(rnd.randint(1, 60))))
        got = [(t.start, t.end, t.cat, t.value, t.extra) for t in _tag_doc(doc, DEFAULT_LEXICONS)]
        assert got == _plain_tag_doc(doc, DEFAULT_LEXICONS), doc.text


# ---------------------------------------------------------------------------- events (meetings, agreements)


def test_filter_ranges_equals_filter_spans() -> None:
    from spacy.util import filter_spans

    from defense_ties.extractors.events import filter_ranges

    doc = get_nlp()("w " * 40)
    rnd = random.Random(8)
    for _ in range(2000):
        matches = []
        for _ in range(rnd.randint(0, 12)):
            s = rnd.randrange(40)
            matches.append((rnd.randrange(3), s, min(40, s + rnd.randint(1, 5))))
        want = [(sp.start, sp.end) for sp in sorted(filter_spans([doc[s:e] for _, s, e in matches]), key=lambda sp: sp.start)]
        assert filter_ranges(matches) == want, matches


def _doc_and_context(text: str, lex: Any) -> tuple[Any, Any]:
    """The ``Doc`` of ``text``'s normalised view and an ``ArticleContext`` with no publication date."""
    from defense_ties.context import ArticleContext
    from defense_ties.models import Article

    view = build_view(text, lex.get("chrome"))
    ctx = ArticleContext(article=Article(id="x", text_sha256="0" * 64), view=view, published=None, diagnostics=[], lexicons=lex)
    return get_nlp()(view.text), ctx


def _bare_index(**fields: Any) -> Any:
    """An ``EventIndex`` with empty fields but those given (what the function under test reads)."""
    from defense_ties.extractors.events import EventIndex

    base: dict[str, Any] = {
        "doc": None,
        "ctx": None,
        "sent_of": [],
        "sent_bounds": [],
        "person_at": [],
        "participant_at": [],
        "date_at": [],
        "dates": [],
        "date_tokens": [],
        "participants": {},
        "places": [],
        "topic_at": [],
        "compiled": None,
    }
    return EventIndex(**{**base, **fields})


def _event_index(person_at: list[str | None], participant_at: list[str | None], filled: list[int] | None) -> object:
    return _bare_index(person_at=person_at, participant_at=participant_at, filled=filled)


@pytest.mark.parametrize("seed", range(3))
def test_persons_in_equals_token_walk(seed: int) -> None:
    """``persons_in`` / ``persons_or_orgs_in`` from the mention starts = the walks over the tokens."""
    rnd = random.Random(seed)
    for _ in range(200):
        n = rnd.randint(0, 30)
        participant_at: list[str | None] = [rnd.choice([None, None, "P1", "P2", "O1"]) for _ in range(n)]
        person_at = [p if p is not None and p.startswith("P") else None for p in participant_at]
        filled = [i for i, p in enumerate(participant_at) if p is not None]
        for fl in (filled, None):
            index = _event_index(person_at, participant_at, fl)
            for start in range(-2, n + 3):
                for end in range(start - 1, n + 3):
                    lo = max(0, start)
                    want = [
                        (i, pid)
                        for i in range(lo, min(end, n))
                        if (pid := person_at[i]) is not None and (i == lo or person_at[i - 1] != pid)
                    ]
                    assert index.persons_in(start, end) == want  # type: ignore[attr-defined]
                    want = [
                        (i, pid)
                        for i in range(lo, min(end, n))
                        if (pid := participant_at[i]) is not None and (i == 0 or participant_at[i - 1] != pid)
                    ]
                    assert index.persons_or_orgs_in(start, end) == want  # type: ignore[attr-defined]


def test_has_phrase_equals_joined_text_search() -> None:
    """``_has_phrase``'s first-word test never turns away a list whose joined text holds a phrase."""
    from defense_ties.extractors.meetings import _build, _has_phrase
    from defense_ties.lexicons import DEFAULT_LEXICONS

    lex = _build(DEFAULT_LEXICONS)
    nlp = get_nlp()
    pools = [lex.planned, lex.proposed, lex.headline_upcoming]
    words = [*sorted({w for ps in pools for p in ps for w in p}), "x", "  ", "\n", ",", "the", "'s", "will-meet", "to-"]
    rnd = random.Random(5)
    hits = 0
    for _ in range(3000):
        text = "".join(rnd.choice(words) + rnd.choice([" ", " ", "", "  ", "\n"]) for _ in range(rnd.randint(0, 12)))
        tokens = [t.lower_ for t in nlp(text)]
        for phrases in pools:
            joined = " " + " ".join(tokens) + " "
            want = any((" " + " ".join(p) + " ") in joined for p in phrases)
            hits += want
            assert _has_phrase(tokens, phrases) == want, (tokens, phrases)
    assert hits > 100


@pytest.mark.parametrize("seed", [0, 1, 2, 11])
def test_range_finder_and_sentence_bounds_equal_spacy(seed: int) -> None:
    from defense_ties.extractors.people import range_finder, sentence_bounds

    nlp = get_nlp()
    rnd = random.Random(seed)
    pool = ["Gen.", "Kim", "said", ".", "!", "?", " ", "  ", "\n", "\n\n", "\u201c", "\u201d", "U.S.", "a", "é", "-", ","]
    for _ in range(30):
        doc = nlp("".join(rnd.choice(pool) + rnd.choice(["", " "]) for _ in range(rnd.randint(0, 40))))
        assert list(sentence_bounds(doc)) == [(s.start, s.end) for s in doc.sents], doc.text
        size = len(doc.text)
        find = range_finder(doc)
        for start in range(-1, size + 2):
            for end in range(start + 1, size + 2):
                sp = doc.char_span(start, end, alignment_mode="expand")
                assert find(start, end) == (None if sp is None else (sp.start, sp.end)), (doc.text, start, end)


@pytest.mark.parametrize("seed", range(2))
def test_token_range_equals_char_span_expand(seed: int) -> None:
    """``_token_range`` (what ``EventIndex.token_range`` maps an evidence span with) = ``doc.char_span(expand)``."""
    from defense_ties.extractors.events import _token_range

    nlp = get_nlp()
    for text in [*_random_texts(150, seed), "Seoul and  Manila met.\n\nThe talks (in Busan) ended."]:
        doc = nlp(text)
        if not len(doc):
            continue
        starts = [t.idx for t in doc]
        texts = [t.text for t in doc]
        total = len(doc.text)
        for s in range(-1, total + 2):
            for e in range(s + 1, total + 2):  # (the view ranges of non-empty spans)
                sp = doc.char_span(s, e, alignment_mode="expand") if s >= 0 and e <= total else None
                want = None if sp is None else (sp.start, sp.end)
                got = _token_range(starts, texts, total, s, e)
                if want is None or want[1] <= want[0]:  # (callers drop empty ranges)
                    assert got is None or got[1] <= got[0], (text, s, e, got)
                else:
                    assert got == want, (text, s, e, got, want)


def _doc_index(doc: Any) -> Any:
    """An ``EventIndex`` holding only what ``text_of`` and ``word_positions`` read."""
    return _bare_index(doc=doc, tok_starts=[t.idx for t in doc], tv=tok_view(doc), view_text=doc.text)


def test_named_candidates_equal_token_walk() -> None:
    """``_named``'s candidates (tokens whose lowercase form is in ``candidate_words``, then the exact
    test) = the walk testing every token's text against the heads and its lowercase form against the nouns."""
    from defense_ties.extractors.agreements import _build
    from defense_ties.lexicons import DEFAULT_LEXICONS

    lex = _build(DEFAULT_LEXICONS)
    nlp = get_nlp()
    pool = [*lex.heads, *lex.nouns, *(h.upper() for h in lex.heads), *(n.title() for n in lex.nouns), "İ", "the", "ß", ","]
    rnd = random.Random(3)
    for _ in range(500):
        index = _doc_index(nlp(" ".join(rnd.choice(pool) for _ in range(rnd.randint(0, 30)))))
        tv = index.toks
        want = [i for i, (x, lo) in enumerate(zip(tv.text, tv.lower, strict=True)) if x in lex.heads or lo in lex.nouns]
        got = [i for i in index.word_positions(lex.candidate_words) if tv.text[i] in lex.heads or tv.lower[i] in lex.nouns]
        assert got == want


@pytest.mark.parametrize("seed", range(2))
def test_text_of_and_word_positions_equal_spacy(seed: int) -> None:
    """``EventIndex.text_of`` = ``doc[s:e].text``; ``word_positions`` = the walk over the lowercase forms."""
    nlp = get_nlp()
    rnd = random.Random(seed)
    for text in [*_random_texts(120, seed), "The Deal  and the deal.\n\nA pact, an MOU (MOU) and the Pact."]:
        doc = nlp(text)
        index = _doc_index(doc)
        tv = index.toks
        for s in range(len(doc) + 1):
            for e in range(s, len(doc) + 2):
                assert index.text_of(s, e) == doc[s:e].text, (text, s, e)
        for _ in range(20):
            words = set(rnd.sample([*tv.lower, "a", "the", "deal", "zz"], min(len(tv.lower) + 4, rnd.randint(0, 5))))
            assert index.word_positions(words) == [i for i, w in enumerate(tv.lower) if w in words]
            assert index.word_positions(frozenset(words)) == [i for i, w in enumerate(tv.lower) if w in words]


def test_name_parts_equals_regex_split() -> None:
    import re

    from defense_ties.extractors.people import _NOISE, _RE_INITIAL, name_parts
    from defense_ties.textfold import fold

    def plain(name: str) -> list[str]:
        out = []
        for w in re.split(r"\s+", name.strip()):
            w = w.strip(",")
            if not w or _RE_INITIAL.match(w) or w.lower() in _NOISE:
                continue
            out.append(fold(w))
        return out

    rnd = random.Random(3)
    pool = ["Kim", "K.", "K", "A.", "Jr.", "jr", ",", "Mr.", "Ł", "é", "In-choul", " ", "\n", "\u00a0", "\u2028", "\t", "AB"]
    for _ in range(3000):
        name = "".join(rnd.choice(pool) for _ in range(rnd.randint(0, 8)))
        assert name_parts(name) == plain(name), repr(name)


def test_name_codes_equal_is_name_text_and_run_starts() -> None:
    from defense_ties.extractors.people import get_tagger, is_name_text
    from defense_ties.lexicons import DEFAULT_LEXICONS

    tg = get_tagger(DEFAULT_LEXICONS)
    rnd = random.Random(4)
    pool = ["Kim", "K.", "K", "Jr.", "Jr", "III", "NATO", "The", "the", "Seoul", "O'Neil", "A", "AB", "x1", "-", "de", "Ł", "\n"]
    for _ in range(200):
        texts = [rnd.choice(pool) for _ in range(rnd.randint(0, 30))]
        names = {t: is_name_text(t, tg) for t in texts}
        want = [0 if not names[t] else 1 if t in tg.suffixes or (len(t) <= 2 and t.endswith(".")) else 2 for t in texts]
        assert tg.name_codes(texts) == want, texts


@pytest.mark.parametrize("seed", range(3))
def test_window_matches_skip_nothing_that_matches(seed: int) -> None:
    """``resolve.window_matches`` (each pattern matched in Python around its anchor words, optional
    elements taken or skipped) finds the matches of every role's spaCy ``Matcher`` on the whole ``Doc``."""
    from defense_ties.lexicons import DEFAULT_LEXICONS
    from defense_ties.temporal import compiled_for
    from defense_ties.temporal.resolve import window_matches

    nlp = get_nlp()
    comp = compiled_for(DEFAULT_LEXICONS, nlp.vocab)
    rnd = random.Random(100 + seed)
    pool = [
        "on", "the", "in", "of", "last", "next", "this", "early", "mid", "-", "late", "same", "day", "period",
        "week", "month", "year", "years", "ago", "later", "earlier", "before", "after", "January", "Jan.", "May",
        "March", "Monday", "Sunday", "spring", "summer", "fall", "1", "2", "14", "14th", "31", "05", "2023", "'",
        "2019", "1990s", "90s", "2010-13", "7/8/07", "Q3", "quarter", "first", "century", "21st", "decade", "weekend",
        "today", "yesterday", ",", "to", "and", "or", "two", "three", "that", "end", "beginning", "within", "mid-2020",
        "\u2013", "\u2014", "MAY", "2024.05.01", "2010\u20132013", "third", "3rd", "5)", "12", "99", "\u2019", "through",
        "since", "during", "by", "days", "weeks", "coming", "previous", "tomorrow", "time", "Smith",
    ]
    for _ in range(400):
        doc = nlp(" ".join(rnd.choice(pool) for _ in range(rnd.randint(1, 30))))
        whole = {(k, s, e) for m in comp.matchers.values() for k, s, e in m(doc)}
        assert window_matches(doc, comp) == whole, doc.text


def _plain_last_ws(doc: Any, i: int) -> bool:
    """Whether token ``i`` is followed by whitespace."""
    return bool(doc[i].whitespace_)


def _plain_valid(doc: Any, s: int, e: int, label: str, lex: Any) -> bool:
    """``resolve._valid`` as first written, on spaCy ``Token`` objects."""
    from defense_ties.temporal.resolve import _YEAR_RE
    prev = doc[s - 1] if s > 0 else None
    nxt = doc[e] if e < len(doc) else None
    # a compound modifier ("that day-to-day", "the 2023-born") is not a date
    if (
        nxt is not None
        and nxt.text in ("-", "\u2013")
        and not _plain_last_ws(doc, e - 1)
        and not nxt.whitespace_
        and e + 1 < len(doc)
        and doc[e + 1].is_alpha
    ):
        return False
    last = doc[e - 1]
    if label in ("year", "year_mod") and _YEAR_RE.match(last.text):
        blocked = prev is not None and (prev.lower_ in lex.year_blockers_before or prev.text in ("-", "\u2013"))
        if blocked and not (label == "year_mod" and e - s > 1):
            return False
        if nxt is not None:
            nl = nxt.lower_
            if nl in lex.year_blockers_after or nxt.text.startswith(":"):
                return False
            if nxt.is_alpha and nxt.is_lower and nl.endswith("s") and nl not in lex.count_plural_exceptions:
                return False
            if nxt.like_num and not nxt.is_punct:
                return False
    if label == "decade" and prev is not None and prev.lower_ in lex.decade_blockers_before:
        return False
    if (
        label == "decade"
        and prev is not None
        and prev.lower_ in lex.mods
        and s >= 2
        and doc[s - 2].lower_ in lex.decade_blockers_before
    ):
        return False
    if (
        label.startswith("reference")
        and nxt is not None
        and (nxt.lower_ in lex.not_after_reference or (nxt.like_num and not nxt.is_punct))
    ):
        return False
    if label == "rel_unit" and any(t.lower_ == "past" for t in doc[s:e]):
        the_before = doc[s].lower_ == "the" or (prev is not None and prev.lower_ == "the")
        if the_before:
            return False  # "(over) the past year" reads as a duration
    if label == "month" and e - s == 1:
        tok = doc[s]
        if nxt is not None and nxt.is_title and nxt.is_alpha and nxt.lower_ not in lex.months:
            return False  # a name: "April Smith"
        if (
            prev is not None
            and not tok.is_sent_start
            and prev.is_title
            and prev.is_alpha
            and prev.lower_ not in lex.strip_leading
            and prev.lower_ not in lex.month_context
        ):
            return False  # "Lt. June Kim", "Sgt. April"
    if label == "anaphor_before" and nxt is not None and not (nxt.is_punct or nxt.lower_ in ("and", "or")):
        return False  # "the day after falling": a preposition, not "the day after"
    if label in ("date_md", "date_dm") and nxt is not None and nxt.text in ("%",):
        return False
    if (
        label == "deictic"
        and doc[s].is_title
        and prev is not None
        and prev.is_alpha
        and (prev.is_title or prev.is_upper)
        and not doc[s].is_sent_start
    ):
        return False  # a name: "Japan Today", "USA Today"
    return not (label == "date_dm" and prev is not None and (prev.like_num or prev.text in ("$", "#")))


def _plain_publication_line(doc: Any, s: int, e: int, lex: Any) -> bool:
    """A full date that is the page's publication line, which is not annotated: alone on its line
    (times, time zones and punctuation aside: "14:15 JST, April 10, 2025"), or after a byline or
    publication word ("By bno - Taipei Office October 2, 2024", "first appeared on … Aug 20, 2018")."""

    def filler(t: Any) -> bool:
        return t.is_punct or t.like_num or ":" in t.text or (t.is_upper and len(t.text) <= 4)

    def line_break_before(k: int) -> bool:
        return k == 0 or "\n" in doc[k - 1].text or "\n" in doc[k - 1].whitespace_

    # scan to the line's ends, but stop at the first non-filler word once the byline window is
    # covered: on a long line of many dates, scanning whole lines per date would be quadratic
    i = s
    alone = True
    while not line_break_before(i) and (alone or s - i < 12):
        i -= 1
        alone = alone and filler(doc[i])
    j = e
    while alone and j < len(doc) and not doc[j].is_space and "\n" not in doc[j - 1].whitespace_:
        alone = filler(doc[j]) or doc[j].lower_ in ("am", "pm", "a.m.", "p.m.")
        j += 1
    if alone:
        return True
    window = doc[max(i, s - 12) : s]
    return any(t.lower_ in lex.byline_starts and (t.is_title or t.lower_ != "by") for t in window)


@pytest.mark.parametrize("seed", range(3))
def test_valid_and_publication_line_on_the_view_equal_token_versions(seed: int) -> None:
    """``resolve._valid`` and ``_publication_line`` read the TokView (str.istitle/islower/isupper for
    spaCy's flags): the same answers as the Token versions, for every label and token range."""
    from defense_ties.extractors.people import tok_view
    from defense_ties.lexicons import DEFAULT_LEXICONS
    from defense_ties.temporal import compiled_for
    from defense_ties.temporal.patterns import PATTERNS
    from defense_ties.temporal.resolve import _publication_line, _valid

    nlp = get_nlp()
    lex = compiled_for(DEFAULT_LEXICONS, nlp.vocab).lex
    labels = sorted({label for label, _ in PATTERNS} | {"reference:PRESENT_REF"})
    rnd = random.Random(200 + seed)
    pool = [
        "the", "past", "year", "2023", "2023s", "troops", "years", "-", "\u2013", "born", "April", "Smith", "Lt.",
        "June", "in", "Today", "Japan", "USA", "today", "$", "#", "5", "14", "%", "and", "or", "after", "falling",
        ":", "15:30", "JST", ",", "By", "by", "bno", "Office", "October", "2,", "2024", "am", "p.m.", "\n", "\n\n",
        "'90s", "1990s", "early", "mid", "of", "on", "said", ".", "Mr.", "UK", "ten", "a",
    ]
    for _ in range(40):
        doc = nlp("".join(rnd.choice(pool) + rnd.choice(["", " ", " ", "\n"]) for _ in range(rnd.randint(1, 30))))
        view = tok_view(doc)
        for s in range(len(doc)):
            for e in range(s + 1, min(len(doc), s + 4) + 1):
                for label in labels:
                    assert _valid(doc, s, e, label, lex, view) == _plain_valid(doc, s, e, label, lex), (doc.text, s, e, label)
                assert _publication_line(doc, s, e, lex, view) == _plain_publication_line(doc, s, e, lex), (doc.text, s, e)


@pytest.mark.parametrize("seed", range(2))
def test_tokview_title_and_sentence_start_and_positions_equal_tokens(seed: int) -> None:
    """The event extractors read ``str.istitle()`` of the TokView text for ``Token.is_title``, "the
    token before is of the same sentence" for ``not Token.is_sent_start``, and ``EventIndex.positions``
    for the walk over the lowercase forms (``_venue``'s "at" tokens)."""
    from defense_ties.extractors.people import sentence_bounds

    nlp = get_nlp()
    rnd = random.Random(300 + seed)
    for text in [*_random_texts(80, seed), "At the Tower of London. at AT At\n\nThe Seoul-based Summit, at Camp David."]:
        doc = nlp(text)
        index = _doc_index(doc)
        sent_of = [0] * len(doc)
        for k, (s, e) in enumerate(sentence_bounds(doc)):
            sent_of[s:e] = [k] * (e - s)
        for i, tok in enumerate(doc):
            assert index.toks.text[i].istitle() == tok.is_title, (text, i)
            assert (i > 0 and sent_of[i] == sent_of[i - 1]) == (not tok.is_sent_start), (text, i)
        for w in {*rnd.sample(index.toks.lower, min(3, len(doc))), "at", "zz"}:
            assert index.positions(w) == [i for i, x in enumerate(index.toks.lower) if x == w], (text, w)


def test_description_prefixes_by_first_word_equal_the_plain_loop() -> None:
    """``_description`` tries only the prefixes starting with the current word (``prefixes_first``):
    the same first match, in lexicon order, as trying every prefix."""
    from defense_ties.extractors.agreements import _build
    from defense_ties.lexicons import DEFAULT_LEXICONS

    lex = _build(DEFAULT_LEXICONS)
    assert lex.prefixes_first is not None
    words = sorted({w for p in lex.prefixes for w in p} | {"the", "to", "x"})
    rnd = random.Random(11)
    for _ in range(3000):
        low = [rnd.choice(words) for _ in range(rnd.randint(0, 8))]
        i = rnd.randint(0, len(low))
        want = next((p for p in lex.prefixes if tuple(low[i : i + len(p)]) == p), None)
        cands = lex.prefixes if i >= len(low) else lex.prefixes_first.get(low[i], [])
        assert next((p for p in cands if tuple(low[i : i + len(p)]) == p), None) == want, (low, i)


def _assert_word_flags_plain(tg: Any, doc: Any, text: str) -> list[int]:
    """``tg.word_flags(doc)`` gives the name codes, quote-mark tokens and anaphor tokens of the plain
    token scans it replaces; returns the plain quote-mark tokens."""
    from defense_ties.extractors.people import _QUOTE_MARKS, ANAPHOR_ONLY, NAME_CODE, QUOTE_ONLY, flagged

    tv = tok_view(doc)
    flags = tg.word_flags(doc)
    assert list(flags.translate(NAME_CODE)) == tg.name_codes(tv.text), text
    plain_quotes = [k for k, w in enumerate(tv.text) if w in _QUOTE_MARKS or (tv.space[k] and "\n" in w)]
    assert flagged(flags, QUOTE_ONLY) == plain_quotes, text
    assert flagged(flags, ANAPHOR_ONLY) == [k for k, w in enumerate(tv.lower) if w in tg.anaphors], text
    return plain_quotes


@pytest.mark.parametrize("seed", range(3))
def test_word_flags_equal_the_plain_token_scans(seed: int) -> None:
    """``Tagger.word_flags`` (one pass, each word classified once per process) gives the same name
    codes, quote-mark tokens and anaphor tokens as the scans it replaces."""
    from defense_ties.extractors.people import get_tagger, quote_marks
    from defense_ties.lexicons import DEFAULT_LEXICONS

    tg = get_tagger(DEFAULT_LEXICONS)
    nlp = get_nlp()
    rnd = random.Random(500 + seed)
    words = ["the", "ministry", "Ministry", "office", "Kim", "K.", "Jr.", "\u201c", "\u201d", '"', "\u2018", "\u2019"]
    words += ["said", "\n", "\n\n", " \n ", "NATO", "x", ",", ".", *list(tg.anaphors)[:5]]
    texts = [" ".join(rnd.choice(words) for _ in range(rnd.randint(0, 40))) for _ in range(150)]
    for text in [*texts, *_random_texts(150, seed)]:
        doc = nlp(build_view(text).text)
        plain_quotes = _assert_word_flags_plain(tg, doc, text)
        assert quote_marks(doc, tg) == plain_quotes, text


def test_leftmost_longest_equals_the_sort() -> None:
    """``events._leftmost_longest`` (one pass over matches given by start) keeps what the sort on
    ``(start, -length, match order)`` then the skip of overlapping matches keeps, matches in order or not."""
    from defense_ties.extractors.events import _leftmost_longest

    def plain(matches: list[tuple[int, int, int]]) -> list[tuple[int, int, int]]:
        out, last_end = [], -1
        for s, neg_len, _, mid in sorted([(s, s - e, k, mid) for k, (mid, s, e) in enumerate(matches)]):
            if s < last_end:
                continue
            out.append((mid, s, s - neg_len))
            last_end = s - neg_len
        return out

    rnd = random.Random(8)
    for _ in range(3000):
        matches = []
        for _ in range(rnd.randint(0, 14)):
            s = rnd.randrange(30)
            matches.append((rnd.randrange(3), s, s + rnd.randint(1, 5)))
        if rnd.random() < 0.7:  # PhraseMatcher's order: by start (then end); else any order
            matches.sort(key=lambda m: (m[1], m[2]))
        assert _leftmost_longest(matches) == plain(matches), matches


def test_places_built_when_asked_for_equal_the_eager_list() -> None:
    """An ``EventIndex`` that builds each ``Place`` when it is asked for (``place_rows``) answers
    ``places_in``, ``place_at`` and ``location_near`` as one holding every ``Place`` (``places``) does."""
    import copy
    import dataclasses
    from pathlib import Path

    from defense_ties.extractors.events import build_index, location_near
    from defense_ties.lexicons import resolve_lexicons

    lex = resolve_lexicons(None)
    seeds = sorted((Path(__file__).resolve().parents[1] / "seeds").glob("*.txt"))
    texts = [p.read_text(encoding="utf-8") for p in seeds]
    texts.append("Talks in Seoul and Manila, then a visit to South Korea and NATO in Brussels-based Tokyo.")
    for text in texts:
        doc, ctx = _doc_and_context(text, lex)
        lazy = build_index(doc, ctx)
        assert lazy.place_rows is not None
        eager = dataclasses.replace(
            copy.copy(lazy), place_rows=None, places=[lazy.place(x) for x in range(len(lazy.place_rows))], place_objs=[]
        )
        eager.__dict__.pop("_place_starts", None)
        lazy2 = dataclasses.replace(lazy, place_objs=[None] * len(lazy.place_rows))
        n = len(doc)
        for a in range(0, n, 7):
            for b in (a + 1, a + 9, a + 40):
                assert lazy2.places_in(a, b) == eager.places_in(a, b)
                assert location_near(lazy2, a, b + 20, a + 3, a + 4) == location_near(eager, a, b + 20, a + 3, a + 4)
            assert lazy2.place_at(a) == eager.place_at(a)


def test_copy_mention_equals_copy_copy() -> None:
    """``meetings._copy_mention`` gives what ``copy.copy`` gives: every slot, lists shared."""
    import copy

    from defense_ties.extractors.meetings import _copy_mention, _Mention

    m = _Mention(sent=1, start=2, end=3, key="talks", kind="talks", generic=True, verb=False, anaphor_only=False, host=False)
    m.persons.append("P1")
    m.date_chains.append([0])
    m.group = (1, 2)
    a, b = _copy_mention(m), copy.copy(m)
    assert a == b and a is not m
    assert all(getattr(a, f) is getattr(b, f) for f in _Mention.__slots__)


def test_one_lower_matcher_finds_what_the_three_did() -> None:
    """The event index's one matcher on lowercase forms finds the topic keywords, the meeting triggers
    and the agreement triggers that ``_phrase_matcher(topics, "LOWER")`` and the two lexicons' own
    matchers find (the index reports the triggers as ``(0, start, end)``)."""
    from pathlib import Path

    from defense_ties.extractors import agreements, events, meetings
    from defense_ties.lexicons import resolve_lexicons

    lex = resolve_lexicons(None)
    comp = lex.compiled("events.index", events._build)
    topics_lex = events.lexicon_or_empty(lex, "topics")
    topic_lists = {k: v for k, v in topics_lex.items() if not k.startswith("_") and isinstance(v, list)}
    topics = events._phrase_matcher(topic_lists, "LOWER")
    meet = lex.compiled("meetings.lexicon", meetings._build).matcher
    agree = lex.compiled("agreements.lexicon", agreements._build).matcher
    root = Path(__file__).resolve().parents[1]
    texts = [p.read_text(encoding="utf-8") for p in sorted((root / "seeds").glob("*.txt"))]
    texts += [" ".join(t.split()[::-1]) for t in texts]  # (the words in another order: other matches)
    texts += _random_texts(50, 3)
    strings = get_nlp().vocab.strings
    for text in texts:
        doc, ctx = _doc_and_context(text, lex)
        if not len(doc):
            continue
        index = events.build_index(doc, ctx)
        assert index.trigger_matches is not None and index.compiled is comp
        assert sorted(index.topic_at) == sorted((s, strings[m]) for m, s, _ in topics(doc))
        assert sorted(index.trigger_matches["meetings"]) == sorted((0, s, e) for _, s, e in meet(doc))
        assert sorted(index.trigger_matches["agreements"]) == sorted((0, s, e) for _, s, e in agree(doc))


def test_indexed_word_positions_equal_the_scan() -> None:
    """``EventIndex.word_positions`` / ``positions`` over the words the index's matcher found
    (``indexed_words``), other words and mixes of both give the tokens whose lowercase form is one of
    them, ascending."""
    from pathlib import Path

    from defense_ties.extractors import events
    from defense_ties.lexicons import resolve_lexicons

    lex = resolve_lexicons(None)
    indexed = sorted(lex.compiled("events.index", events._build).indexed_words)
    assert "at" in indexed and len(indexed) > 5
    rnd = random.Random(11)
    root = Path(__file__).resolve().parents[1]
    texts = [p.read_text(encoding="utf-8") for p in sorted((root / "seeds").glob("*.txt"))]
    vocab = [*indexed[:20], "At", "AT", "the", "a", "Treaty", "x", "\n"]
    texts += [" ".join(rnd.choice(vocab) for _ in range(60)) for _ in range(40)]
    for text in texts:
        doc, ctx = _doc_and_context(text, lex)
        if not len(doc):
            continue
        index = events.build_index(doc, ctx)
        lower = tok_view(doc).lower
        for _ in range(12):
            others = rnd.sample(["the", "a", "an", "of", "zzz", "said"], rnd.randint(0, 2))
            words = set(rnd.sample(indexed, rnd.randint(1, 6))) | set(others)
            assert index.word_positions(words) == [i for i, w in enumerate(lower) if w in words], words
        for w in [*indexed[:15], "the", "at", "zzz"]:
            assert index.positions(w) == [i for i, x in enumerate(lower) if x == w], w


@pytest.mark.parametrize("seed", range(3))
def test_statement_clause_scans_equal_the_token_loops(seed: int) -> None:
    """``statements._and_verb_ed`` / ``_comma_and_ed`` (the "and" / "," tokens found by list.index)
    give the first token the plain loops over every token of the range find."""
    from defense_ties.extractors.people import Tag
    from defense_ties.extractors.statements import _and_verb_ed, _comma_and_ed

    rnd = random.Random(700 + seed)
    pool = ["and", "And", ",", "agreed", "Agreed", "noted", "said", "x", "that", "ed"]
    for _ in range(3000):
        n = rnd.randint(0, 14)
        texts = [rnd.choice(pool) for _ in range(n)]
        lower = [t.lower() for t in texts]
        in_quote = bytearray(rnd.random() < 0.2 for _ in range(n))
        tag_at = [Tag(k, k + 1, "VERB", "agree") if rnd.random() < 0.2 else None for k in range(n)]
        start, stop = rnd.randint(0, n + 1), rnd.randint(-1, n - 1)
        plain = next(
            (
                x
                for x in range(start, stop)
                if lower[x] == "and" and not in_quote[x] and lower[x + 1].endswith("ed") and texts[x + 1].islower()
            ),
            -1,
        )
        assert _and_verb_ed(lower, texts, in_quote, start, stop) == plain, (texts, start, stop)
        stop2 = rnd.randint(-2, n - 2)
        plain2 = next(
            (
                x
                for x in range(start, stop2)
                if texts[x] == ","
                and lower[x + 1] == "and"
                and not in_quote[x]
                and lower[x + 2].endswith("ed")
                and tag_at[x + 2] is None
            ),
            -1,
        )
        assert _comma_and_ed(lower, texts, in_quote, tag_at, start, stop2) == plain2, (texts, start, stop2)


@pytest.mark.parametrize("seed", range(2))
def test_meeting_sentences_from_the_sentence_spans_equal_the_token_ranges(seed: int) -> None:
    """``AgreementsExtractor._meeting_sents`` takes the sentence of an evidence span that
    ``EventIndex.sentence_span`` gave from the index's sentence spans: the same sentence as mapping
    the span back to its tokens (what it does without them)."""
    from pathlib import Path

    from defense_ties.extractors import events
    from defense_ties.extractors.agreements import AgreementsExtractor
    from defense_ties.lexicons import resolve_lexicons
    from defense_ties.models import Meeting

    lex = resolve_lexicons(None)
    rnd = random.Random(seed)
    root = Path(__file__).resolve().parents[1]
    paths = sorted((root / "seeds").glob("*.txt")) + sorted((root / "tests" / "golden" / "extra").glob("*.txt"))
    texts = [p.read_text(encoding="utf-8") for p in paths]
    pieces = ["Talks were held.", "&amp;", "\u00a0", "\n\n", " ", "Kim met Bauer in Seoul .", "\u201cYes,\u201d he said."]
    texts += ["".join(rnd.choice(pieces) for _ in range(rnd.randint(1, 30))) for _ in range(60)]
    texts += _random_texts(60, seed)
    ext = AgreementsExtractor()
    for text in texts:
        doc, ctx = _doc_and_context(text, lex)
        if not len(doc):
            continue
        index = events.build_index(doc, ctx)
        n_sents = len(index.sent_bounds)
        meetings = [
            Meeting.model_construct(
                evidence=[index.sentence_span(s) for s in sorted(rnd.sample(range(n_sents), rnd.randint(1, min(3, n_sents))))]
            )
            for _ in range(rnd.randint(1, 4))
        ]
        fast = ext._meeting_sents(doc, ctx, index, meetings)
        index.sent_spans.clear()  # (without the sentence spans: each evidence span mapped to its tokens)
        assert fast == ext._meeting_sents(doc, ctx, index, meetings), text


@pytest.mark.parametrize("seed", range(3))
def test_cue_matches_equal_the_cue_phrase_matcher(seed: int) -> None:
    """``resolve.cue_matches`` (the tense-cue phrases looked up by first word on the regions only)
    finds the cue ``PhraseMatcher``'s matches on the whole ``Doc`` that lie inside a region."""
    import bisect

    from defense_ties.lexicons import DEFAULT_LEXICONS
    from defense_ties.temporal import compiled_for
    from defense_ties.temporal.resolve import _merge, cue_matches

    nlp = get_nlp()
    comp = compiled_for(DEFAULT_LEXICONS, nlp.vocab)
    rnd = random.Random(300 + seed)
    pool = [w for c in comp.lex.future_cues + comp.lex.past_cues for w in c]
    pool += ["Will", "WAS", "to", "be", "held", "the", "talks", "on", "Monday", ".", ",", "won't", "set", "due"]
    for _ in range(400):
        doc = nlp(" ".join(rnd.choice(pool) for _ in range(rnd.randint(1, 40))))
        n = len(doc)
        regions = []
        for _ in range(rnd.randint(0, 4)):
            a = rnd.randint(0, n)
            regions.append((a, rnd.randint(a, n)))
        merged = _merge(regions)
        starts = [a for a, _ in merged]
        strings = doc.vocab.strings
        whole = set()
        for key, s, e in comp.cues(doc):
            k = bisect.bisect_right(starts, s) - 1
            if k >= 0 and e <= merged[k][1]:
                whole.add((s, e, "future" if strings[key] == "future" else "past"))
        assert cue_matches(tok_view(doc).text, merged, comp) == whole, (doc.text, merged)


def test_tenseless_labels_resolve_as_with_their_tense(monkeypatch: pytest.MonkeyPatch) -> None:
    """``annotate`` looks for no tense for the labels of ``resolve._TENSELESS`` and reference values
    (``_needs_tense``): every expression resolves as it does when the tense of each one is looked for."""
    from pathlib import Path

    from defense_ties.context import parse_published
    from defense_ties.lexicons import DEFAULT_LEXICONS
    from defense_ties.temporal import compiled_for, resolve

    nlp = get_nlp()
    comp = compiled_for(DEFAULT_LEXICONS, nlp.vocab)
    root = Path(__file__).resolve().parents[1]
    paths = sorted((root / "seeds").glob("*.txt")) + sorted((root / "tests" / "golden" / "extra").glob("*.txt"))
    texts = [p.read_text(encoding="utf-8") for p in paths]
    rnd = random.Random(7)
    pool = [
        "The", "talks", "were", "held", "will", "be", "on", "Monday", "in", "May", "2023", "last", "year", "the",
        "same", "day", "ago", "two", "weeks", "later", "spring", "Q3", "the", "1990s", "now", "recently", "said",
        ",", ".", "to", "visit", "next", "month", "weekend", "March", "5", "earlier", "this", "quarter", "today",
    ]
    texts += [" ".join(rnd.choice(pool) for _ in range(rnd.randint(1, 40))) for _ in range(300)]
    for published in (None, parse_published("2023-06-14"), parse_published("2023-06")):
        for text in texts:
            doc = nlp(text)
            fast = resolve.annotate(doc, comp, published)
            with monkeypatch.context() as m:
                m.setattr(resolve, "_needs_tense", lambda label: True)
                slow = resolve.annotate(doc, comp, published)
            assert fast == slow, text


def test_tok_view_and_word_flags_on_new_and_seen_words() -> None:
    """``tok_view`` and ``Tagger.word_flags`` read the per-process word tables and fall back to
    classifying the words not seen yet when ``zip`` / ``bytes`` refuse a missing (None) entry: a Doc of
    never-seen words (the fallback) and the same text again (all words seen) give the plain results."""
    from defense_ties.extractors.people import get_tagger
    from defense_ties.lexicons import DEFAULT_LEXICONS

    tg = get_tagger(DEFAULT_LEXICONS)
    nlp = get_nlp()
    rnd = random.Random(77)
    for n in range(40):
        fresh = [f"Zq{n}x{rnd.randrange(10**9)}" for _ in range(rnd.randint(1, 6))]
        words = [*fresh, "the", "ministry", "Kim", "\u201c", "\u201d", "\n\n", ",", "said", *[w.lower() for w in fresh]]
        text = " ".join(rnd.choice(words) for _ in range(rnd.randint(1, 30))) + " " + " ".join(fresh)
        for _ in range(2):  # first with words never seen, then all seen
            doc = nlp(text)
            tv = tok_view(doc)
            assert tv == _plain_tok_view(doc), text
            _assert_word_flags_plain(tg, doc, text)
