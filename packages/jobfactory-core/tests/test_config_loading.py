"""Configuration files: formats, overlays, precedence and sources, through the entry too."""

from __future__ import annotations

import json
import sys
import textwrap

import pytest

from jobfactory_core.config import load_config, merge, parse
from jobfactory_core.environment import Environment
from jobfactory_core.errors import ConfigError
from jobfactory_core.testing import run_entry_captured

JOB = textwrap.dedent(
    '''
    """A test job that echoes its typed parameters."""
    import datetime as dt
    from typing import Any
    from jobfactory_core import Job, JobFactory

    class EchoJob(Job):
        def execute(
            self, name: str, times: int = 1, shout: bool = False,
            start: dt.date | None = None, tags: list[str] | None = None,
        ) -> dict[str, Any]:
            return {"name": name, "times": times, "shout": shout,
                    "start": start.isoformat() if start else None, "tags": tags}

    class EchoFactory(JobFactory):
        job_class = EchoJob

    def main(**params: Any) -> Any:
        return EchoFactory().run(**params)
    '''
)

CONFIG = """
[params]
name = "base"
times = 2
tags = ["a", "b"]

[jobfactory]
spark_conf = { "spark.a" = "1", "spark.b" = "2" }

[env.prod.params]
name = "prod"
shout = true
start = 2024-01-02

[env.prod.jobfactory]
spark_conf = { "spark.b" = "20" }
"""


@pytest.fixture
def job_module(write_job_module):
    return write_job_module(JOB, "cfg_job")


def run(*argv: str):
    return run_entry_captured(Environment(), list(argv))


def test_overlay_precedence_and_sources(tmp_path):
    path = tmp_path / "conf.toml"
    path.write_text(CONFIG)
    loaded = load_config(str(path), "prod")
    assert loaded.params["name"] == "prod"
    assert loaded.params["times"] == 2
    assert loaded.sources == {
        "name": "config env.prod",
        "times": "config",
        "tags": "config",
        "shout": "config env.prod",
        "start": "config env.prod",
    }
    # Settings tables merge key by key; the overlay wins.
    assert loaded.settings["spark_conf"] == {"spark.a": "1", "spark.b": "20"}
    base = load_config(str(path), None)
    assert base.params == {"name": "base", "times": 2, "tags": ["a", "b"]}


def test_json_and_yaml_have_the_same_shape(tmp_path):
    document = {"params": {"name": "x"}, "env": {"dev": {"params": {"name": "y"}}}}
    (tmp_path / "c.json").write_text(json.dumps(document))
    assert load_config(str(tmp_path / "c.json"), "dev").params == {"name": "y"}
    yaml = pytest.importorskip("yaml")
    (tmp_path / "c.yaml").write_text(yaml.safe_dump(document))
    assert load_config(str(tmp_path / "c.yaml"), "dev").params == {"name": "y"}


def test_yaml_without_pyyaml_says_how_to_fix(tmp_path, monkeypatch):
    monkeypatch.setitem(sys.modules, "yaml", None)
    (tmp_path / "c.yml").write_text("params: {}\n")
    with pytest.raises(ConfigError, match=r"YAML needs PyYAML \(pip install pyyaml\)"):
        load_config(str(tmp_path / "c.yml"), None)


def test_hyphenated_names_fold_like_the_command_line(tmp_path):
    (tmp_path / "c.toml").write_text('[params]\ninput-path = "x"\n')
    assert load_config(str(tmp_path / "c.toml"), None).params == {"input_path": "x"}
    (tmp_path / "d.toml").write_text('[params]\ninput-path = "x"\ninput_path = "y"\n')
    with pytest.raises(ConfigError, match="sets input_path twice"):
        load_config(str(tmp_path / "d.toml"), None)


@pytest.mark.parametrize(
    ("document", "message"),
    [
        ({"parms": {}}, "unknown section"),
        ({"params": []}, r"\[params\] must be a table"),
        ({"env": {"prod": {"param": {}}}}, "unknown section.*env.prod"),
    ],
)
def test_wrong_shapes_are_config_errors(document, message):
    with pytest.raises(ConfigError, match=message):
        merge(document, "c.toml", "prod")


def test_unknown_environment_lists_the_known_ones():
    with pytest.raises(ConfigError, match=r"no environment 'qa' \(defined: dev, prod\)"):
        merge({"env": {"prod": {}, "dev": {}}}, "c.toml", "qa")


def test_parse_errors_are_one_line():
    with pytest.raises(ConfigError) as info:
        parse("c.toml", b"[params\nname = 1")
    assert "\n" not in str(info.value)
    assert str(info.value).startswith("--config c.toml: not valid TOML")
    with pytest.raises(ConfigError, match=r"unknown format \.ini"):
        parse("c.ini", b"")


def test_missing_file_and_unknown_scheme(tmp_path):
    with pytest.raises(ConfigError, match="file not found"):
        load_config(str(tmp_path / "nope.toml"), None)
    with pytest.raises(ConfigError, match=r"no loader for gs://"):
        load_config("gs://bucket/c.toml", None)


def test_config_and_command_line_bind_identical_values(tmp_path, job_module):
    path = tmp_path / "conf.toml"
    path.write_text(CONFIG)
    from_config = run("--module_name", job_module, "--config", str(path), "--env", "prod")
    from_argv = run(
        "--module_name", job_module, "--name", "prod", "--times", "2", "--shout",
        "--start", "2024-01-02", "--tags", "a,b",
    )  # fmt: skip
    assert from_config.exit_code == 0, from_config.stderr
    assert from_argv.exit_code == 0, from_argv.stderr
    assert from_config.summary["result"] == from_argv.summary["result"]
    assert from_config.summary["result"] == {
        "name": "prod", "times": 2, "shout": True, "start": "2024-01-02", "tags": ["a", "b"],
    }  # fmt: skip
    assert from_config.summary["environment"] == "prod"


def test_command_line_wins_and_jobfactory_env_selects_overlay(tmp_path, job_module, monkeypatch):
    path = tmp_path / "conf.toml"
    path.write_text(CONFIG)
    monkeypatch.setenv("JOBFACTORY_ENV", "prod")
    outcome = run("--module_name", job_module, "--config", str(path), "--times", "5")
    assert outcome.exit_code == 0, outcome.stderr
    assert outcome.summary["result"]["name"] == "prod"
    assert outcome.summary["result"]["times"] == 5


def test_explain_shows_sources_and_runs_nothing(tmp_path, job_module):
    path = tmp_path / "conf.toml"
    path.write_text(CONFIG)
    outcome = run(
        "--module_name", job_module, "--config", str(path), "--env", "prod", "--times", "3",
        "--explain",
    )  # fmt: skip
    assert outcome.exit_code == 0, outcome.stderr
    out = outcome.stdout
    assert "name = 'prod'  [config env.prod]" in out
    assert "times = 3  [command line]" in out
    assert "tags = ['a', 'b']  [config]" in out
    assert "[default]" not in out or "shout" in out
    assert "nothing ran (--explain)" in out
    assert '"status"' not in out  # no summary line: nothing ran


def test_config_error_exits_2_with_one_line(tmp_path, job_module):
    path = tmp_path / "conf.toml"
    path.write_text(CONFIG)
    outcome = run("--module_name", job_module, "--config", str(path), "--env", "qa")
    assert outcome.exit_code == 2
    errors = [line for line in outcome.stderr.splitlines() if line.startswith("error:")]
    assert errors == [f"error: --config {path}: no environment 'qa' (defined: prod)"]


BILLION_LAUGHS = """\
params:
  a: &a ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]
  b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]
  c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]
  d: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c]
  e: &e [*d, *d, *d, *d, *d, *d, *d, *d, *d]
  f: &f [*e, *e, *e, *e, *e, *e, *e, *e, *e]
  g: &g [*f, *f, *f, *f, *f, *f, *f, *f, *f]
  h: &h [*g, *g, *g, *g, *g, *g, *g, *g, *g]
  i: &i [*h, *h, *h, *h, *h, *h, *h, *h, *h]
"""


@pytest.mark.timeout(60)
def test_yaml_alias_bomb_is_refused_at_load(tmp_path, job_module):
    pytest.importorskip("yaml")
    (tmp_path / "bomb.yaml").write_text(BILLION_LAUGHS)
    with pytest.raises(ConfigError, match="expands to more than 100000 values"):
        load_config(str(tmp_path / "bomb.yaml"), None)
    outcome = run("--module_name", job_module, "--config", str(tmp_path / "bomb.yaml"))
    assert outcome.exit_code == 2
    assert "expands to more than 100000 values" in outcome.stderr


@pytest.mark.timeout(60)
def test_yaml_alias_cycle_and_long_repeated_strings_are_refused(tmp_path):
    pytest.importorskip("yaml")
    (tmp_path / "cycle.yaml").write_text("params:\n  loop: &l [1, *l]\n")
    with pytest.raises(ConfigError, match="nested deeper than 32 levels"):
        load_config(str(tmp_path / "cycle.yaml"), None)
    long = "x" * (2 * 1024 * 1024)
    aliases = ", ".join(["*s"] * 8)
    (tmp_path / "long.yaml").write_text(f"params:\n  s: &s {long}\n  many: [{aliases}]\n")
    with pytest.raises(ConfigError, match="expands beyond 10 MiB"):
        load_config(str(tmp_path / "long.yaml"), None)
