"""Plugins: entry-point discovery, order, broken plugins, switching off; a real package install."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import textwrap
import uuid
from pathlib import Path

import orjson
import pytest

from defense_ties import PluginWarning, Registry
from defense_ties.pipeline import ArticleInput, run
from defense_ties.plugins import DISABLE_ENV, ENTRY_POINT_GROUP

ROOT = Path(__file__).resolve().parents[1]
PLUGIN_PACKAGE = ROOT / "examples" / "plugin_package"

EXTRACTOR_SOURCE = """
from pydantic import BaseModel
from defense_ties import BaseExtractor


class Hit(BaseModel):
    n: int


class {cls}(BaseExtractor):
    name = "{name}"
    requires = {requires!r}
    record_model = Hit

    def __call__(self, doc, ctx):
        return [Hit(n=len(doc) + {bonus})]


def make_pair():
    a = {cls}()
    b = {cls}()
    b.name = "{name}_twin"
    return [a, b]
"""


def make_dist(root: Path, dist: str, entry_points: dict[str, str], modules: dict[str, str] | None = None) -> None:
    """A distribution as installed: ``NAME-VER.dist-info`` with METADATA and entry points, plus modules."""
    info = root / f"{dist.replace('-', '_')}-1.2.dist-info"
    info.mkdir(parents=True)
    (info / "METADATA").write_text(f"Metadata-Version: 2.1\nName: {dist}\nVersion: 1.2\n", encoding="utf-8")
    lines = [f"[{ENTRY_POINT_GROUP}]"] + [f"{k} = {v}" for k, v in entry_points.items()]
    (info / "entry_points.txt").write_text("\n".join(lines) + "\n", encoding="utf-8")
    for mod, src in (modules or {}).items():
        (root / f"{mod}.py").write_text(src, encoding="utf-8")


def extractor_module(name: str, requires: tuple[str, ...] = (), bonus: int = 0) -> tuple[str, str]:
    """A unique module name and the source of a module defining the extractor ``name``."""
    mod = f"dtplug_{name}_{uuid.uuid4().hex[:8]}"
    return mod, EXTRACTOR_SOURCE.format(cls="Ext", name=name, requires=requires, bonus=bonus)


@pytest.fixture
def site(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A folder on ``sys.path`` where fake distributions are 'installed'."""
    monkeypatch.syspath_prepend(str(tmp_path))
    monkeypatch.delenv(DISABLE_ENV, raising=False)
    return tmp_path


def discover() -> Registry:
    reg = Registry(discover_plugins=True)
    reg.names()  # first use triggers discovery
    return reg


def test_plugin_is_discovered_with_its_source_and_runs(site: Path) -> None:
    mod, src = extractor_module("plug_one", bonus=100)
    make_dist(site, "dt-demo", {"plug_one": f"{mod}:Ext"}, {mod: src})
    reg = discover()
    assert "plug_one" in reg.names()
    assert reg.source("plug_one") == "plugin dt-demo 1.2"
    assert reg.problems == []
    ex = run(ArticleInput(text="one two three"), registry=reg)
    assert ex.extras["plug_one"] == [{"n": 103}]


def test_discovery_is_lazy_and_once(site: Path) -> None:
    reg = Registry(discover_plugins=True)
    mod, src = extractor_module("plug_late")
    make_dist(site, "dt-late", {"plug_late": f"{mod}:Ext"}, {mod: src})
    assert "plug_late" in reg.names()  # installed before first use: found
    mod2, src2 = extractor_module("plug_later")
    make_dist(site, "dt-later", {"plug_later": f"{mod2}:Ext"}, {mod2: src2})
    assert "plug_later" not in reg.names()  # discovery ran once


def test_broken_plugins_warn_name_the_entry_point_and_others_load(site: Path) -> None:
    mod, src = extractor_module("plug_ok")
    make_dist(site, "dt-ok", {"plug_ok": f"{mod}:Ext"}, {mod: src})
    make_dist(site, "dt-broken", {"aaa_missing": "no_such_module_xyz:Thing"})
    bad_mod = f"dtplug_raise_{uuid.uuid4().hex[:8]}"
    make_dist(site, "dt-raises", {"bbb_raises": f"{bad_mod}:X"}, {bad_mod: "raise RuntimeError('boom at import')\n"})
    not_mod = f"dtplug_notext_{uuid.uuid4().hex[:8]}"
    make_dist(site, "dt-notext", {"ccc_notext": f"{not_mod}:VALUE"}, {not_mod: "VALUE = 42\n"})
    with pytest.warns(PluginWarning) as record:
        reg = discover()
    messages = [str(w.message) for w in record]
    assert any("aaa_missing = no_such_module_xyz:Thing (dt-broken 1.2)" in m and "ModuleNotFoundError" in m for m in messages)
    assert any("bbb_raises" in m and "boom at import" in m for m in messages)
    assert any("ccc_notext" in m and "42 is not an Extractor" in m for m in messages)
    assert "plug_ok" in reg.names()
    assert len(reg.problems) == 3
    ex = run(ArticleInput(text="x"), registry=reg)
    plugin_diags = [d for d in ex.diagnostics if d.extractor == "plugins"]
    assert len(plugin_diags) == 3 and all(d.level == "warning" for d in plugin_diags)


def test_plugins_register_in_dependency_order_and_deterministically(site: Path) -> None:
    base_mod, base_src = extractor_module("zz_base", bonus=1)
    user_mod, user_src = extractor_module("aa_user", requires=("zz_base", "dates"))
    make_dist(site, "dt-user", {"aa_user": f"{user_mod}:Ext"}, {user_mod: user_src})
    make_dist(site, "dt-base", {"zz_base": f"{base_mod}:Ext"}, {base_mod: base_src})
    reg = Registry(discover_plugins=True)
    from defense_ties.extractors import DatesExtractor

    reg.register(DatesExtractor(), source="built-in")
    names = reg.names()
    assert names.index("zz_base") < names.index("aa_user")
    assert reg.problems == []
    reg2 = Registry(discover_plugins=True)
    reg2.register(DatesExtractor(), source="built-in")
    assert reg2.names() == names


def test_name_clash_cycle_and_missing_dependency_are_problems(site: Path) -> None:
    m1, s1 = extractor_module("dates")
    m2, s2 = extractor_module("needs_ghost", requires=("ghost",))
    m3, s3 = extractor_module("cyc_a", requires=("cyc_b",))
    m4, s4 = extractor_module("cyc_b", requires=("cyc_a",))
    make_dist(site, "dt-clash", {"dates": f"{m1}:Ext", "needs_ghost": f"{m2}:Ext", "cyc_a": f"{m3}:Ext", "cyc_b": f"{m4}:Ext"})
    for m, s in ((m1, s1), (m2, s2), (m3, s3), (m4, s4)):
        (site / f"{m}.py").write_text(s, encoding="utf-8")
    from defense_ties.extractors import DatesExtractor

    reg = Registry(discover_plugins=True)
    reg.register(DatesExtractor(), source="built-in")
    with pytest.warns(PluginWarning):
        names = reg.names()
    assert names == ["dates"]
    text = "\n".join(map(str, reg.problems))
    assert "already registered (built-in)" in text
    assert "'ghost', which is not registered" in text
    assert "cyc_a" in text and "cyc_b" in text
    assert reg.source("dates") == "built-in"


def test_factory_returning_several_extractors(site: Path) -> None:
    mod, src = extractor_module("pair")
    make_dist(site, "dt-pair", {"pair": f"{mod}:make_pair"}, {mod: src})
    reg = discover()
    assert {"pair", "pair_twin"} <= set(reg.names())
    assert reg.source("pair_twin") == "plugin dt-pair 1.2"


def test_environment_switch_keeps_plugins_unloaded(site: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    m1, s1 = extractor_module("keep_me")
    m2, s2 = extractor_module("skip_me")
    make_dist(site, "dt-env", {"keep_me": f"{m1}:Ext", "skip_me": f"{m2}:Ext"}, {m1: s1, m2: s2})
    monkeypatch.setenv(DISABLE_ENV, "skip_me")
    names = discover().names()
    assert "keep_me" in names and "skip_me" not in names
    assert m2 not in sys.modules  # never imported
    monkeypatch.setenv(DISABLE_ENV, "*")
    assert discover().names() == []


def _env(pythonpath: Path) -> dict[str, str]:
    env = dict(os.environ)
    env["PYTHONPATH"] = str(pythonpath)
    env.pop(DISABLE_ENV, None)
    return env


def test_cli_survives_a_broken_plugin(tmp_path: Path) -> None:
    make_dist(tmp_path, "dt-broken", {"broken_plugin": "no_such_module_xyz:Thing"})
    env = _env(tmp_path)
    res = subprocess.run(
        [sys.executable, "-m", "defense_ties", "extractors"], capture_output=True, text=True, env=env, timeout=120
    )
    assert res.returncode == 0
    assert "dates" in res.stdout
    assert "broken_plugin = no_such_module_xyz:Thing (dt-broken 1.2)" in res.stderr
    assert res.stderr.count("broken_plugin =") == 1  # reported once, not also as a Python warning
    res = subprocess.run(
        [sys.executable, "-W", "ignore", "-m", "defense_ties", "extract", "-"],
        input="NATO met.",
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )
    assert res.returncode == 0, res.stderr
    diags = orjson.loads(res.stdout)["diagnostics"]
    assert any(d["extractor"] == "plugins" and "broken_plugin" in d["message"] for d in diags)


@pytest.fixture(scope="module")
def installed_plugin(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """examples/plugin_package installed with pip (offline, no build isolation) into a fresh folder."""
    pytest.importorskip("setuptools")
    work = tmp_path_factory.mktemp("plugin")
    src = work / "src"
    shutil.copytree(PLUGIN_PACKAGE, src, ignore=shutil.ignore_patterns("build", "*.egg-info", "__pycache__"))
    target = work / "site"
    cmd = [sys.executable, "-m", "pip", "install", "-q", "--no-deps", "--no-build-isolation", "--no-index"]
    res = subprocess.run([*cmd, "--target", str(target), str(src)], capture_output=True, text=True, timeout=300)
    if res.returncode != 0 and "wheel" in res.stderr.lower() and "bdist_wheel" in res.stderr:
        pytest.skip(f"cannot build wheels offline here: {res.stderr[-300:]}")
    assert res.returncode == 0, res.stderr
    assert (target / "defense_ties_exercises").is_dir()
    return target


TEXT = textwrap.dedent(
    """\
    Seoul and Washington wrapped up the Freedom Shield exercise on Thursday.
    NATO launched Steadfast Defender 2024 exercises, the alliance said.
    """
)


def test_installed_plugin_is_listed_and_extracts(installed_plugin: Path) -> None:
    env = _env(installed_plugin)
    res = subprocess.run(
        [sys.executable, "-m", "defense_ties", "extractors"], capture_output=True, text=True, env=env, timeout=120
    )
    assert res.returncode == 0, res.stderr
    row = next(line.split() for line in res.stdout.splitlines() if line.startswith("named_exercises"))
    assert row == ["named_exercises", "plugin", "defense-ties-exercises", "0.1.0", "-", "NamedExercise"]
    res = subprocess.run(
        [sys.executable, "-m", "defense_ties", "extract", "-", "--published", "2024-03-15"],
        input=TEXT,
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )
    assert res.returncode == 0, res.stderr
    out = orjson.loads(res.stdout)
    recs = out["extras"]["named_exercises"]
    assert [(r["name"], r["year"]) for r in recs] == [("Freedom Shield", None), ("Steadfast Defender", 2024)]
    for r in recs:
        assert TEXT[r["span"]["start"] : r["span"]["end"]] == r["span"]["text"]
    assert [d for d in out["diagnostics"] if d["extractor"] in ("named_exercises", "plugins")] == []


def test_installed_plugin_can_be_switched_off(installed_plugin: Path) -> None:
    env = _env(installed_plugin)
    code = (
        "import defense_ties as d\n"
        "t = 'The Freedom Shield exercise ended.'\n"
        "print(sorted(d.extract(t).extras), sorted(d.extract(t, disable=['named_exercises']).extras))\n"
    )
    res = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, timeout=120)
    assert res.returncode == 0, res.stderr
    assert res.stdout.strip() == "['named_exercises'] []"
    res = subprocess.run(
        [sys.executable, "-m", "defense_ties", "extract", "-", "--disable", "named_exercises"],
        input=TEXT,
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )
    assert res.returncode == 0, res.stderr
    assert orjson.loads(res.stdout)["extras"] == {}
