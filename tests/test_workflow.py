"""The README's two commands are the ones CI and the Pages workflow run."""

from __future__ import annotations

import re

import yaml

from .conftest import ROOT


def _readme_commands() -> tuple[str, str]:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    blocks = re.findall(r"```(?:bash|sh)\n(.*?)```", text, re.S)
    setup = next(b.strip() for b in blocks if "plansite build" in b)
    tests = next(b.strip() for b in blocks if "pytest" in b and "plansite build" not in b)
    return setup, tests


def test_pages_workflow_builds_with_the_readme_command_and_deploys():
    setup, _ = _readme_commands()
    workflow = yaml.safe_load((ROOT / ".github" / "workflows" / "pages.yml").read_text(encoding="utf-8"))
    steps = [s for job in workflow["jobs"].values() for s in job.get("steps", [])]
    runs = "\n".join(s.get("run", "") for s in steps)
    for line in setup.splitlines():
        assert line.strip() in runs, line
    uses = [s.get("uses", "") for s in steps]
    assert any(u.startswith("actions/upload-pages-artifact") for u in uses)
    assert any(u.startswith("actions/deploy-pages") for u in uses)


def test_ci_runs_the_readme_test_command():
    _, tests = _readme_commands()
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    for line in tests.splitlines():
        assert line.strip() in ci, line


def test_pages_workflow_gives_each_job_only_the_permissions_it_needs():
    workflow = yaml.safe_load((ROOT / ".github" / "workflows" / "pages.yml").read_text(encoding="utf-8"))
    assert workflow.get("permissions") in ({}, {"contents": "read"})  # nothing (or read-only) by default
    jobs = workflow["jobs"]
    assert jobs["build"]["permissions"] == {"contents": "read"}
    assert jobs["deploy"]["permissions"] == {"pages": "write", "id-token": "write"}
    for name, job in jobs.items():
        assert "permissions" in job, name  # no job inherits more than it asked for


def test_checkout_leaves_no_token_behind():
    workflow = yaml.safe_load((ROOT / ".github" / "workflows" / "pages.yml").read_text(encoding="utf-8"))
    checkouts = [s for job in workflow["jobs"].values() for s in job.get("steps", [])
                 if s.get("uses", "").startswith("actions/checkout")]
    assert checkouts
    for step in checkouts:
        assert (step.get("with") or {}).get("persist-credentials") is False, step


def test_the_build_keeps_its_caches_between_runs():
    """A push rebuilds only what changed: build/cache (the engine's units and the chart PNGs, each
    pruned by the build to one site) is restored from the newest run and saved after this one."""
    workflow = yaml.safe_load((ROOT / ".github" / "workflows" / "pages.yml").read_text(encoding="utf-8"))
    steps = workflow["jobs"]["build"]["steps"]
    caches = [s for s in steps if s.get("uses", "").startswith("actions/cache@")]
    assert len(caches) == 1 and caches[0]["with"]["path"] == "build/cache"
    assert caches[0]["with"]["key"].startswith("plansite-build-cache-") and caches[0]["with"]["restore-keys"]
    build = next(i for i, s in enumerate(steps) if "plansite build" in s.get("run", ""))
    assert steps.index(caches[0]) < build


def test_the_published_build_is_the_last_to_prune_the_caches():
    """The tests' own build of the project has no site address, so other unit keys; whichever whole
    build runs last leaves the caches to the next run: that must be the published one."""
    workflow = yaml.safe_load((ROOT / ".github" / "workflows" / "pages.yml").read_text(encoding="utf-8"))
    steps = workflow["jobs"]["build"]["steps"]
    tests = next(i for i, s in enumerate(steps) if "pytest" in s.get("run", ""))
    build = next(i for i, s in enumerate(steps) if "plansite build" in s.get("run", ""))
    assert tests < build and "PLANSITE_SITE_URL" in steps[build].get("env", {})
