"""A custom extractor: material support and arms transfers.

    python examples/material_support.py                       # the seed articles that have some
    python examples/material_support.py article.txt --published 2024-01-09

It records who hands over (or is asked for, refuses, is accused of handing over, or pledges) what
to whom, for how much, and when:

    "The South Korean military delivered 1 billion won ($811,000) of nonlethal military supplies
     including bulletproof helmets, blankets and medical items in March."
      -> status delivered, supplier KOR, items [nonlethal military supplies, bulletproof helmets,
         blankets, medical items], value [1000000000 KRW, 811000 USD], date "March" (from `dates`)

Statuses: ``delivered`` (a past verb of handing over), ``requested`` ("request to provide", "asked
... to send"), ``rejected`` ("rejected ... request to provide", "refused to supply"), ``alleged``
("accused X of supplying", "reportedly shipped", "denies sending") and ``pledged`` ("will send",
"agreed to provide"). How it works, all on the tokens of the ``Doc`` the library gives every
extractor:

- one ``PhraseMatcher`` (compiled once per lexicon set through ``ctx.lexicons.compiled``) marks
  verbs of handing over, status cues, negations, clause breaks and item nouns from
  ``material_support.json``; a second one marks parties (states from the library's ``countries``
  lexicon, so a ``--lexicon`` overlay adds states here too, plus bodies from the JSON file);
- for each verb, the cues before it in its clause decide the status; items, values and the
  recipient ("to Russia") are read up to the end of the clause;
- the date is the ``dates`` extractor's ``TimeExpression`` in the same sentence (linked by offsets),
  participants are linked when one of their mentions covers the party.

Register it with ``defense_ties.register_extractor(MaterialSupportExtractor())``; its records then
appear in ``Extraction.extras["material_support"]``.
"""

from __future__ import annotations

import argparse
import re
import sys
from collections.abc import Sequence
from decimal import Decimal, InvalidOperation
from functools import cache
from pathlib import Path
from typing import Any, Literal

import orjson
from pydantic import BaseModel, ConfigDict
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc
from spacy.tokens import Span as SpacySpan
from spacy.util import filter_spans

from defense_ties import REGISTRY, ArticleContext, BaseExtractor, Lexicons, Span, TimeExpression, extract, register_extractor
from defense_ties.nlp import get_nlp

VOCAB_PATH = Path(__file__).with_name("material_support.json")
Status = Literal["delivered", "requested", "rejected", "alleged", "pledged"]


class Party(BaseModel):
    """A state or body as written, with its code and, when known, the participant it is."""

    model_config = ConfigDict(extra="forbid")

    text: str
    """As written ("South Korean", "Russia", "Seoul")."""
    code: str
    """ISO 3166-1 alpha-3 for states (``KOR``), the acronym or name for bodies (``NATO``)."""
    span: Span
    """Where it is written."""
    participant: str | None = None
    """Id of the participant one of whose mentions covers this span, if any."""


class Money(BaseModel):
    """An amount of money as written and its value."""

    model_config = ConfigDict(extra="forbid")

    text: str
    """As written ("1 billion won", "$811,000")."""
    amount: int | float
    """The number it denotes (1000000000)."""
    currency: str
    """ISO 4217 code (``KRW``, ``USD``); ``$`` alone is read as USD."""
    span: Span
    """Where it is written."""


class MaterialSupport(BaseModel):
    """One act (or claim, request, refusal, pledge) of handing over military or other material."""

    model_config = ConfigDict(extra="forbid")

    id: str
    """``MS1``, ``MS2``, ... in text order."""
    status: Status
    """``delivered``, ``requested``, ``rejected``, ``alleged`` or ``pledged``."""
    supplier: Party | None
    """Who hands it over (or is asked to, refuses to, is accused of it)."""
    recipient: Party | None
    """Who receives it (or asks for it)."""
    items: list[Span]
    """What is handed over, each item as written with its modifiers ("bulletproof helmets")."""
    value: list[Money]
    """Its value, in every currency the text gives."""
    date: TimeExpression | None
    """The ``dates`` extractor's expression in the same sentence, preferring one after the verb."""
    trigger: Span
    """The verb of handing over."""
    evidence: Span
    """The sentence."""
    rule: str
    """``material_support.<status>.<verb form>`` (form: ``past``, ``passive``, ``base``, ``gerund``)."""


_NUMBER = re.compile(r"^(\d{1,3}(?:,\d{3})+|\d+)(?:\.(\d+))?([a-zA-Z]{0,2})$")


class _Vocab:
    """The compiled vocabulary: one token matcher for words, one for parties."""

    def __init__(self, lex: Lexicons) -> None:
        data = orjson.loads(VOCAB_PATH.read_bytes())
        nlp = get_nlp()
        self.words = PhraseMatcher(nlp.vocab, attr="LOWER")

        def add(label: str, phrases: Sequence[str]) -> None:
            self.words.add(label, [nlp.make_doc(p) for p in phrases if not p.startswith("_")])

        for form in ("past", "base", "gerund"):
            add(f"TRIGGER_{form}", data["triggers"][form])
        for cue in ("reject", "request", "allege", "pledge"):
            add(f"CUE_{cue}", data["cues"][cue])
        add("NEG", data["negations"])
        add("BREAK", data["breaks"])
        add("ITEM", data["items"])
        self.modifier_stops = {w.lower() for w in data["modifier_stops"]}
        self.verb_markers = {k: {w.lower() for w in ws} for k, ws in data["verb_markers"].items() if not k.startswith("_")}
        self.agent_markers = {w.lower() for w in data["agent_markers"]}
        self.recipient_markers = {w.lower() for w in data["recipient_markers"]}
        self.supplier_markers = {w.lower() for w in data["supplier_markers"]}
        money = data["money"]
        self.before: dict[str, str] = {k: v for k, v in money["before"].items() if not k.startswith("_")}
        self.after: dict[str, str] = {k.lower(): v for k, v in money["after"].items()}
        self.scales: dict[str, int] = {k.lower(): int(v) for k, v in money["scales"].items()}

        self.parties = PhraseMatcher(nlp.vocab, attr="ORTH")
        names: dict[str, set[str]] = {}
        try:
            countries = lex.get("countries")["countries"]
            for code, entry in countries.items():
                for key in ("names", "demonyms", "cities"):
                    for form in entry.get(key, []):
                        names.setdefault(code, set()).add(form)
        except Exception:  # the library's lexicon changed shape: fall back on our own list only
            pass
        for form, code in data["extra_parties"].items():
            if not form.startswith("_"):
                names.setdefault(code, set()).add(form)
        for code, forms in sorted(names.items()):
            self.parties.add(code, [nlp.make_doc(f) for f in sorted(forms)])


@cache
def _vocab_key() -> str:
    return f"examples.material_support:{VOCAB_PATH.stat().st_mtime_ns}"


class MaterialSupportExtractor(BaseExtractor):
    """Records ``MaterialSupport`` items; reads ``dates`` and ``participants``."""

    name = "material_support"
    requires = ("dates", "participants")
    record_model = MaterialSupport

    def __call__(self, doc: Doc, ctx: ArticleContext) -> list[MaterialSupport]:
        v: _Vocab = ctx.lexicons.compiled(_vocab_key(), _Vocab)
        vocab = doc.vocab
        marks = filter_spans([SpacySpan(doc, s, e, label=vocab.strings[m]) for m, s, e in v.words(doc)])
        parties = filter_spans([SpacySpan(doc, s, e, label=vocab.strings[m]) for m, s, e in v.parties(doc)])
        dates: list[TimeExpression] = list(ctx.records("dates"))
        out: list[MaterialSupport] = []
        for sent in doc.sents:
            s_marks = [m for m in marks if m.start >= sent.start and m.end <= sent.end]
            s_parties = [p for p in parties if p.start >= sent.start and p.end <= sent.end]
            breaks = self._breaks(doc, s_marks, sent)
            done_until = sent.start
            for trig in s_marks:
                if not trig.label_.startswith("TRIGGER_") or trig.start < done_until or not self._is_verb(doc, v, trig, s_marks):
                    continue
                clause_start = max([e for s, e in breaks if e <= trig.start], default=sent.start)
                clause_end = min([s for s, e in breaks if s >= trig.end], default=sent.end)
                rec = self._record(doc, ctx, v, trig, s_marks, s_parties, clause_start, clause_end, sent, dates, len(out) + 1)
                if rec is not None:
                    out.append(rec)
                    done_until = clause_end
        return out

    @staticmethod
    def _breaks(doc: Doc, marks: list[SpacySpan], sent: SpacySpan) -> list[tuple[int, int]]:
        """Token ranges that separate clauses: break words, and a comma before a gerund (", denouncing")."""
        out = [(m.start, m.end) for m in marks if m.label_ == "BREAK"]
        items = {m.start for m in marks if m.label_ == "ITEM"}
        for i in range(sent.start, sent.end - 1):
            nxt = doc[i + 1]
            if doc[i].text == "," and nxt.text.islower() and nxt.text.endswith("ing") and nxt.i not in items:
                out.append((i, i + 2))
        return sorted(out)

    @staticmethod
    def _is_verb(doc: Doc, v: _Vocab, trig: SpacySpan, marks: list[SpacySpan]) -> bool:
        """A past form always; a base form after "to"/a modal; a gerund after a preposition or a cue."""
        form = trig.label_.removeprefix("TRIGGER_")
        if form == "past":
            return True
        prev = doc[trig.start - 1] if trig.start > 0 else None
        if prev is None:
            return False
        if prev.lower_ in v.verb_markers[form] or (form == "gerund" and prev.lower_ in v.verb_markers["progressive"]):
            return True
        return form == "gerund" and any(m.end == trig.start and m.label_.startswith("CUE_") for m in marks)

    def _record(
        self,
        doc: Doc,
        ctx: ArticleContext,
        v: _Vocab,
        trig: SpacySpan,
        marks: list[SpacySpan],
        parties: list[SpacySpan],
        clause_start: int,
        clause_end: int,
        sent: SpacySpan,
        dates: list[TimeExpression],
        n: int,
    ) -> MaterialSupport | None:
        before = [m for m in marks if clause_start <= m.start and m.end <= trig.start]
        cues = {m.label_ for m in before}
        if any(m.label_ == "NEG" and trig.start - m.end <= 2 for m in before):
            return None
        form = trig.label_.removeprefix("TRIGGER_")
        prev = doc[trig.start - 1].lower_ if trig.start > 0 else ""
        passive = form == "past" and prev in v.verb_markers["passive"]
        status: Status
        if "CUE_reject" in cues:
            status = "rejected"
        elif "CUE_request" in cues:
            status = "requested"
        elif "CUE_allege" in cues:
            status = "alleged"
        elif "CUE_pledge" in cues or (passive and prev in v.verb_markers["unrealised_passive"]):
            status = "pledged"
        elif form == "past" or (form == "gerund" and prev in v.verb_markers["progressive"]):
            status = "delivered"
        else:
            return None

        # Active voice: what is handed over follows the verb; passive: it is the subject, before it.
        lo, hi = (clause_start, trig.start) if passive else (trig.end, clause_end)
        money = self._money(doc, ctx, v, lo, clause_end)
        money_tokens = {i for _, s, e in money for i in range(s, e)}
        heads = [m for m in marks if m.label_ == "ITEM" and lo <= m.start < hi and m.start not in money_tokens]
        starts = {m.start for m in heads}
        heads = [m for m in heads if m.end not in starts]  # "aircraft weapons": the first noun modifies the second
        items = [self._item(doc, ctx, v, m, parties, lo) for m in heads]
        if not items:
            return None

        def first_cue(label: str) -> SpacySpan | None:
            return next((m for m in before if m.label_ == label), None)

        def last_party(lo: int, hi: int) -> SpacySpan | None:
            found = [p for p in parties if lo <= p.start and p.end <= hi]
            return found[-1] if found else None

        def party_after(markers: set[str], lo: int, hi: int) -> SpacySpan | None:
            for i in range(lo, hi):
                if doc[i].lower_ in markers:
                    nxt = next((p for p in parties if i < p.start < min(hi, i + 5)), None)
                    if nxt is not None:
                        return nxt
            return None

        supplier = recipient = None
        reject, request, allege = first_cue("CUE_reject"), first_cue("CUE_request"), first_cue("CUE_allege")
        after_to = party_after(v.recipient_markers, trig.end, clause_end)
        if status == "rejected" and reject is not None:
            supplier = last_party(clause_start, reject.start)
            recipient = last_party(reject.end, request.start if request is not None else trig.start) or after_to
        elif status == "requested" and request is not None:
            recipient = last_party(clause_start, request.start)
            supplier = last_party(request.end, trig.start) or party_after(v.supplier_markers, trig.end, clause_end)
            recipient = recipient or after_to
        else:
            if passive:  # the agent ("by Germany"), else a party naming the items ("South Korean tanks")
                agent = party_after(v.agent_markers, trig.end, clause_end)
                supplier = agent or last_party(max(lo, heads[0].start - 3), trig.start)
            else:
                if status == "alleged" and allege is not None:
                    supplier = last_party(allege.end, trig.start)
                supplier = supplier or last_party(clause_start, trig.start)
            recipient = after_to

        s_orig = ctx.span_of(sent)
        t_orig = ctx.span_of(trig)
        region_end = ctx.span_of(doc[clause_end - 1]).end if clause_end > trig.end else t_orig.end
        in_sent = [d for d in dates if s_orig.start <= d.start and d.end <= s_orig.end]
        in_region = [d for d in in_sent if t_orig.end <= d.start and d.end <= region_end]
        nearest = in_region or sorted(in_sent, key=lambda d: abs(d.start - t_orig.start))
        date = nearest[0] if nearest else None

        return MaterialSupport(
            id=f"MS{n}",
            status=status,
            supplier=self._party(ctx, supplier),
            recipient=self._party(ctx, recipient),
            items=items,
            value=[m for m, _, _ in money],
            date=date,
            trigger=t_orig,
            evidence=s_orig,
            rule=f"material_support.{status}.{'passive' if passive else form}",
        )

    @staticmethod
    def _party(ctx: ArticleContext, p: SpacySpan | None) -> Party | None:
        if p is None:
            return None
        span = ctx.span_of(p)
        pid = next(
            (
                part.id
                for part in ctx.records("participants")
                if any(m.start <= span.start and span.end <= m.end for m in getattr(part, "mentions", []))
            ),
            None,
        )
        return Party(text=span.text, code=p.label_, span=span, participant=pid)

    @staticmethod
    def _item(doc: Doc, ctx: ArticleContext, v: _Vocab, head: SpacySpan, parties: list[SpacySpan], lo: int) -> Span:
        """The item noun with the modifiers before it ("nonlethal military supplies", "anti-aircraft weapons")."""
        party_tokens = {i for p in parties for i in range(p.start, p.end)}
        start = head.start
        while start > lo and head.start - start < 5:
            tok = doc[start - 1]
            joined = tok.text == "-" and start - 2 >= lo and not doc[start - 2].whitespace_ and not tok.whitespace_
            if joined:
                start -= 2  # "anti - aircraft": the hyphen and the word before it
                continue
            if (
                tok.is_punct
                or tok.like_num
                or tok.lower_ in v.modifier_stops
                or tok.i in party_tokens
                or not any(c.isalpha() for c in tok.text)
                or (tok.text.islower() and tok.text.endswith("ing"))
            ):
                break
            start -= 1
        return ctx.span_of(doc[start : head.end])

    @staticmethod
    def _money(doc: Doc, ctx: ArticleContext, v: _Vocab, lo: int, hi: int) -> list[tuple[Money, int, int]]:
        """Amounts in tokens ``[lo, hi)``: "$811,000", "US$5 million", "1 billion won", "£2.5bn"."""
        out: list[tuple[Money, int, int]] = []
        i = lo
        while i < hi:
            cur = None
            prefix = v.before.get(doc[i].text)
            if prefix is not None and i + 1 < hi and (num := _number(doc[i + 1].text, v)) is not None:
                j, amount = i + 2, num
                if j < hi and doc[j].lower_ in v.scales:
                    amount, j = amount * v.scales[doc[j].lower_], j + 1
                cur = (prefix, amount, i, j)
            elif (num := _number(doc[i].text, v)) is not None:
                j, amount = i + 1, num
                if j < hi and doc[j].lower_ in v.scales:
                    amount, j = amount * v.scales[doc[j].lower_], j + 1
                if j < hi and doc[j].lower_ in v.after:
                    cur = (v.after[doc[j].lower_], amount, i, j + 1)
            if cur is None:
                i += 1
                continue
            currency, amount, s, e = cur
            span = ctx.span_of(doc[s:e])
            value: int | float = int(amount) if amount == amount.to_integral_value() else float(amount)
            out.append((Money(text=span.text, amount=value, currency=currency, span=span), s, e))
            i = e
        return out


def _number(text: str, v: _Vocab) -> Decimal | None:
    m = _NUMBER.match(text)
    if not m:
        return None
    try:
        value = Decimal(m[1].replace(",", "") + (f".{m[2]}" if m[2] else ""))
    except InvalidOperation:
        return None
    suffix = m[3].lower()
    if suffix:
        if suffix not in v.scales:
            return None
        value *= v.scales[suffix]
    return value


def register() -> None:
    """Register the extractor with the library (once)."""
    if REGISTRY.get(MaterialSupportExtractor.name) is None:
        register_extractor(MaterialSupportExtractor())


def _read(path: Path) -> tuple[str, dict[str, Any]]:
    text = path.read_text(encoding="utf-8")
    side = path.with_name(path.stem + ".meta.json")
    meta = orjson.loads(side.read_bytes()) if side.is_file() else {}
    return text, meta


def main(argv: Sequence[str] | None = None) -> int:
    """Print the material-support records of each article as a JSON array of {article, records}."""
    parser = argparse.ArgumentParser(description="Material support and arms transfers, as a custom defense_ties extractor.")
    root = Path(__file__).resolve().parents[1]
    default = sorted((root / "seeds").glob("*.txt"))
    parser.add_argument("paths", nargs="*", type=Path, default=default, help="article .txt files (default: the seeds)")
    parser.add_argument("--published", help="publication date for every article (else the sidecar's)")
    args = parser.parse_args(argv)
    register()
    results = []
    for path in args.paths:
        text, meta = _read(path)
        ex = extract(text, published=args.published or meta.get("published"), article_id=path.stem)
        records = ex.extras.get("material_support", [])
        errors = [d.message for d in ex.diagnostics if d.extractor == "material_support"]
        results.append({"article": ex.article.id, "records": records, **({"errors": errors} if errors else {})})
    sys.stdout.buffer.write(orjson.dumps(results, option=orjson.OPT_INDENT_2 | orjson.OPT_APPEND_NEWLINE))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
