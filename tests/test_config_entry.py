"""Config files through the real container entry (subprocess): overlays, precedence, --explain."""

from __future__ import annotations

import json

from conftest import entry

CONF = """
[params]
name = "Base"
times = 1

[env.prod.params]
name = "Prod"
times = 2
shout = true
start = 2020-01-01

[env.dev.params]
name = "Dev"
"""


def test_config_with_env_overlay_binds_like_the_command_line(tmp_path):
    conf = tmp_path / "conf.toml"
    conf.write_text(CONF)
    by_config = entry("--module_name", "jobs.hello", "--config", str(conf), "--env", "prod")
    by_argv = entry(
        "--module_name", "jobs.hello", "--name", "Prod", "--times", "2", "--shout",
        "--start", "2020-01-01", "--env", "prod",
    )  # fmt: skip
    assert by_config.exit_code == 0, by_config.stderr
    assert by_argv.exit_code == 0, by_argv.stderr
    assert by_config.summary["result"] == by_argv.summary["result"]
    assert by_config.summary["result"] == {"greeting": "HELLO, PROD!", "times": 2, "lines": 3}
    assert by_config.stdout.splitlines()[:-1] == by_argv.stdout.splitlines()[:-1]
    assert by_config.summary["environment"] == "prod"


def test_noop_receives_identical_values_from_json_config_and_env_vars(tmp_path):
    conf = tmp_path / "conf.json"
    document = {"params": {"a": "1"}, "env": {"prod": {"params": {"b": "x", "a": "2"}}}}
    conf.write_text(json.dumps(document))
    by_env_vars = entry(
        "--module_name", "jobs.noop", JOBFACTORY_CONFIG=str(conf), JOBFACTORY_ENV="prod"
    )
    by_argv = entry("--module_name", "jobs.noop", "--a", "2", "--b", "x")
    assert by_env_vars.exit_code == 0, by_env_vars.stderr
    assert by_env_vars.summary["result"]["params"] == by_argv.summary["result"]["params"]
    assert by_env_vars.summary["result"]["params"] == {"a": "2", "b": "x"}


def test_command_line_beats_overlay_beats_base_beats_default(tmp_path):
    conf = tmp_path / "conf.toml"
    conf.write_text(CONF)
    ran = entry(
        "--module_name", "jobs.hello", "--config", str(conf), "--env", "dev", "--times", "3",
        "--explain",
    )  # fmt: skip
    assert ran.exit_code == 0, ran.stderr
    lines = ran.stdout.splitlines()
    assert "  name = 'Dev'  [config env.dev] (str)" in lines
    assert "  times = 3  [command line] (int)" in lines
    assert "  shout = False  [default] (bool)" in lines
    assert "nothing ran (--explain)" in lines
    assert "Hello" not in ran.stdout


def test_unknown_environment_is_exit_2_in_one_line(tmp_path):
    conf = tmp_path / "conf.toml"
    conf.write_text(CONF)
    ran = entry("--module_name", "jobs.hello", "--config", str(conf), "--env", "qa")
    assert ran.exit_code == 2
    assert ran.stderr.strip() == (
        f"error: --config {conf}: no environment 'qa' (defined: dev, prod)"
    )


def test_invalid_toml_is_exit_2(tmp_path):
    conf = tmp_path / "conf.toml"
    conf.write_text("[params\n")
    ran = entry("--module_name", "jobs.hello", "--config", str(conf))
    assert ran.exit_code == 2
    assert ran.stderr.startswith(f"error: --config {conf}: not valid TOML")
