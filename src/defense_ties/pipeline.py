"""The path of one article: text → normalise → spaCy ``Doc`` → extractors → ``Extraction``.

``extract`` and ``extract_many`` are the public entry points. The spaCy pipeline is built once per
process (``nlp.get_nlp``); extractors run in the registry's dependency order; a failing extractor
becomes a diagnostic and the others' records are kept.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import gc
import hashlib
from collections.abc import Iterable, Iterator, Mapping
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from .context import ArticleContext, Published, parse_published, published_from_line
from .lexicons import Lexicons, LexiconsArg, lexicons_for, resolve_lexicons
from .models import Article, Diagnostic, Extraction, PublishedFrom
from .nlp import get_nlp
from .normalize import build_view
from .registry import BUILTIN_FIELDS, REGISTRY, Registry, check_offsets

PublishedArg = str | dt.date | dt.datetime | None


class ArticleInput(BaseModel):
    """One article to extract: the keys of a JSONL input line (unknown keys are ignored)."""

    model_config = ConfigDict(extra="ignore", use_attribute_docstrings=True)

    text: str
    """The article text, exactly as stored."""
    id: str | None = None
    """Article id; defaults to the first 16 hex digits of the text's SHA-256."""
    published: str | dt.date | dt.datetime | None = None
    """Publication date (``YYYY``, ``YYYY-MM``, ``YYYY-MM-DD`` or ISO datetime)."""
    published_from: PublishedFrom = "given"
    """Where ``published`` came from (``given`` or ``sidecar``)."""
    source: str | None = None
    """Outlet."""
    headline: str | None = None
    """Headline."""
    url: str | None = None
    """URL."""
    byline: str | None = None
    """Author(s)."""
    diagnostics: list[Diagnostic] = Field(default_factory=list)
    """Problems met while reading the input (e.g. an ignored sidecar field), carried into the output."""


def _as_input(item: str | Mapping[str, Any] | BaseModel) -> ArticleInput:
    if isinstance(item, ArticleInput):
        return item
    if isinstance(item, str):
        return ArticleInput(text=item)
    if isinstance(item, BaseModel):
        return ArticleInput.model_validate(item.model_dump())
    return ArticleInput.model_validate(dict(item))


@contextlib.contextmanager
def _gc_paused() -> Iterator[None]:
    """Hold off Python's cyclic garbage collector while one article is extracted.

    An article allocates tens of thousands of short-lived containers (token lists, spans, records);
    with the collector on, they trigger young-generation passes mid-article that scan them while
    they are still alive (measured ~0.9 ms an article, over 10% of the extraction). Reference
    counting frees nearly all of them when the article is done; the collector runs as usual at the
    next allocation after it is re-enabled. Its previous state is restored (a caller that turned it
    off keeps it off).
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def run(
    item: ArticleInput, *, disable: Iterable[str] = (), registry: Registry | None = None, lexicons: LexiconsArg = None
) -> Extraction:
    """Extract one article. Raises ``ValueError`` only for an unparseable ``published`` (or a bad
    ``lexicons`` source, as ``LexiconError``)."""
    with _gc_paused():
        return _run(item, disable=disable, registry=registry, lexicons=lexicons)


def _run(item: ArticleInput, *, disable: Iterable[str], registry: Registry | None, lexicons: LexiconsArg) -> Extraction:
    reg = registry or REGISTRY
    text = item.text
    sha = hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()
    lex = resolve_lexicons(lexicons)
    view = build_view(text, lex.get("chrome"))
    diagnostics = list(item.diagnostics)

    published: Published | None = parse_published(item.published)
    published_from: PublishedFrom | None = item.published_from if published else None
    if published is None and view.publication_value:
        iso = published_from_line(view.publication_value)
        if iso:
            published = parse_published(iso)
            published_from = "text"
        else:
            diagnostics.append(
                Diagnostic(
                    extractor="context",
                    level="info",
                    message=f"publication line {view.publication_line!r} found but its date could not be read",
                )
            )
    article = Article(
        id=item.id or sha[:16],
        source=item.source,
        headline=item.headline,
        byline=item.byline,
        url=item.url,
        published=published.iso if published else None,
        published_from=published_from,
        text_sha256=sha,
    )
    ctx = ArticleContext(article=article, view=view, published=published, diagnostics=diagnostics, lexicons=lex)
    doc = get_nlp()(view.text)
    for problem in reg.problems:  # plugins that could not be loaded
        ctx.diagnose("plugins", str(problem), "warning")

    extras: dict[str, list[dict[str, Any]]] = {}
    for ext in reg.ordered(disable):
        try:
            records = ext(doc, ctx)
            model = ext.record_model
            if records is None or isinstance(records, (str, bytes, Mapping, BaseModel)):
                raise TypeError(f"returned {type(records).__name__}, expected a list of {model.__name__} records")
            validated = _validated(ext.name, model, records, ctx)
            if ext.name not in BUILTIN_FIELDS:  # user records: check their offsets, keep them as JSON
                validated = check_offsets(ext.name, validated, ctx)
                extras[ext.name] = [r.model_dump(mode="json") for r in validated]
            ctx.results[ext.name] = validated
        except Exception as e:  # an extractor's bug must not lose the others' records
            ctx.diagnose(ext.name, f"extractor failed: {type(e).__name__}: {e}", "error")

    # the extractors' per-article caches (the event index holds the Doc: a reference cycle) are let
    # go now, so reference counting frees the Doc and them at once, without the cyclic collector
    doc.user_data.clear()
    fields: dict[str, Any] = {f: ctx.results.get(f, []) for f in BUILTIN_FIELDS}
    return Extraction(article=article, extras=extras, diagnostics=ctx.diagnostics, **fields)


def _validated(name: str, model: type[BaseModel], records: Iterable[Any], ctx: ArticleContext) -> list[BaseModel]:
    """The records as ``model`` instances; each invalid one is dropped with an error diagnostic."""
    out: list[BaseModel] = []
    for i, r in enumerate(records):
        try:
            out.append(r if isinstance(r, model) else model.model_validate(r.model_dump() if isinstance(r, BaseModel) else r))
        except ValidationError as e:
            err = e.errors()[0]
            where = ".".join(map(str, err["loc"])) or "record"
            msg = f"failed validation as {model.__name__} ({e.error_count()} error(s)), at {where}: {err['msg']}"
            ctx.diagnose(name, f"record {i} dropped: {msg}", "error")
    return out


def extract(
    text: str,
    *,
    published: PublishedArg = None,
    article_id: str | None = None,
    source: str | None = None,
    headline: str | None = None,
    url: str | None = None,
    byline: str | None = None,
    disable: Iterable[str] = (),
    lexicons: LexiconsArg = None,
) -> Extraction:
    """Extract the participants, meetings, agreements, statements and dates of one article.

    ``published`` (a ``date``, ``datetime`` or ISO string) anchors relative dates; ``None`` means:
    look for a publication line in the text, else leave relative dates unanchored. ``disable`` names
    extractors to skip. ``lexicons``: user lexicon files (paths) or mappings merged over the built-in
    ones (see ``docs/extending.md``). Raises ``ValueError`` when ``published`` is not a date, an
    extractor in ``disable`` is unknown, or a lexicon is invalid (``LexiconError``, naming file and entry).
    """
    off = _checked_disable(disable)
    item = ArticleInput(text=text, id=article_id, published=published, source=source, headline=headline, url=url, byline=byline)
    return run(item, disable=off, lexicons=resolve_lexicons(lexicons))


def _checked_disable(disable: Iterable[str]) -> tuple[str, ...]:
    off = (disable,) if isinstance(disable, str) else tuple(disable)
    unknown = REGISTRY.unknown(off)
    if unknown:
        names = ", ".join(map(repr, unknown))
        raise ValueError(f"cannot disable unknown extractor(s) {names}; known: {', '.join(REGISTRY.names())}")
    return off


def _run_batch(args: tuple[list[ArticleInput], tuple[str, ...], tuple[Mapping[str, Any], ...]]) -> list[Extraction]:
    items, disable, overlays = args
    lex = lexicons_for(overlays)  # one instance per worker and lexicon set
    return [run(item, disable=disable, lexicons=lex) for item in items]


def _batches(items: Iterable[ArticleInput], size: int) -> Iterator[list[ArticleInput]]:
    batch: list[ArticleInput] = []
    for item in items:
        batch.append(item)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


def extract_many(
    articles: Iterable[str | Mapping[str, Any] | BaseModel],
    *,
    n_process: int = 1,
    disable: Iterable[str] = (),
    chunksize: int = 4,
    prefetch: int = 2,
    lexicons: LexiconsArg = None,
) -> Iterator[Extraction]:
    """Extract many articles, streaming, in input order.

    Each item is a ``str`` or a mapping/model with ``text`` and optional ``id``, ``published``,
    ``source``, ``headline``, ``url``, ``byline``. With ``n_process > 1`` the work is spread over
    that many processes in batches of ``chunksize`` articles; results still come back in input order.
    Input is read lazily: at most ``n_process * prefetch`` batches are in flight at once, so memory
    stays constant however long ``articles`` is (``multiprocessing.Pool.imap`` would read it all ahead).
    ``disable`` and ``lexicons`` are as for ``extract`` (lexicon files are read once for the batch).
    """
    off = _checked_disable(disable)
    lex: Lexicons = resolve_lexicons(lexicons)
    inputs = (_as_input(a) for a in articles)
    if n_process <= 1:
        for item in inputs:
            yield run(item, disable=off, lexicons=lex)
        return
    import multiprocessing as mp
    from collections import deque
    from multiprocessing.pool import AsyncResult

    get_nlp()  # build once in the parent: forked workers share it instead of each building their own
    window = max(1, n_process * max(1, prefetch))
    with mp.get_context("spawn" if _needs_spawn() else "fork").Pool(n_process) as pool:
        pending: deque[AsyncResult[list[Extraction]]] = deque()
        for batch in _batches(inputs, max(1, chunksize)):
            pending.append(pool.apply_async(_run_batch, ((batch, off, lex.overlays),)))
            if len(pending) >= window:
                yield from pending.popleft().get()
        while pending:
            yield from pending.popleft().get()


def _needs_spawn() -> bool:
    import sys

    return sys.platform != "linux"
