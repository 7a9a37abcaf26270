"""Putting a finished site in place: readable modes, an atomic swap, recovery after a crash,
cleanup of leftovers, one build at a time, signals and clean errors when the disk says no."""

from __future__ import annotations

import errno
import fcntl
import os
import shutil
import signal
import stat
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from generator.build import newsite, publish
from generator.build import pipeline as build
from generator.build.pipeline import BuildFailed, build_site
from generator.cli import cli

from .conftest import ROOT, make_package


def run(*args: str):
    return CliRunner().invoke(cli, list(args))


def snapshot(folder: Path) -> dict[Path, bytes]:
    return {p.relative_to(folder): p.read_bytes() for p in folder.rglob("*") if p.is_file()}


def fake_site(site: Path) -> dict[Path, bytes]:
    """A previous site that the tests expect to find byte for byte after a failed build."""
    (site / "assets").mkdir(parents=True)
    (site / "index.html").write_text("<p>förra webbplatsen</p>", encoding="utf-8")
    (site / "assets" / "site.css").write_text("body{}", encoding="utf-8")
    return snapshot(site)


def leftovers(project: Path) -> list[str]:
    """Staging folders of a build: beside the site and under build/."""
    found = [p.name for p in project.iterdir() if p.name.startswith((".site.new-", ".site.old-"))]
    if (project / "build").is_dir():
        found += [f"build/{p.name}" for p in (project / "build").iterdir() if p.name.startswith("docs-")]
    return found


def set_aside(folder: Path) -> dict[Path, bytes]:
    """The one previous site moved into ``folder/aside``; nothing else is left beside ``site``."""
    assert sorted(p.name for p in folder.iterdir()) == ["aside", "site"]
    (moved,) = (folder / "aside").iterdir()
    return snapshot(moved)


def engine_processes(marker: str) -> list[int]:
    """Processes whose command line mentions ``marker`` (the project folder of one test)."""
    pids = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit() or int(entry.name) == os.getpid():
            continue
        try:
            cmdline = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
            state = next((l for l in (entry / "status").read_text().splitlines() if l.startswith("State:")), "")
        except OSError:
            continue
        if marker in cmdline and "mkdocs" in cmdline and "zombie" not in state:
            pids.append(int(entry.name))
    return pids


def one_clean_line(result) -> str:
    assert "Traceback" not in result.output
    lines = [l for l in result.output.splitlines() if l.strip()]
    assert len(lines) == 1, lines
    return lines[0]


# a. Permissions ---------------------------------------------------------------------------------

def test_the_published_site_is_readable_by_a_web_server_running_as_another_user(project: Path):
    """mkdtemp makes the staging folder drwx------; the published site must be 0755/0644 whatever the umask."""
    site = project / "site"
    handler = signal.getsignal(signal.SIGTERM)
    old_umask = os.umask(0o077)
    try:
        build_site(project, site)
    finally:
        os.umask(old_umask)
    assert signal.getsignal(signal.SIGTERM) is handler  # the build's SIGTERM handler is gone again
    subdir = next(p for p in site.iterdir() if p.is_dir())
    assert stat.S_IMODE(site.stat().st_mode) == 0o755
    assert stat.S_IMODE(subdir.stat().st_mode) == 0o755
    assert stat.S_IMODE((site / "index.html").stat().st_mode) == 0o644
    modes = {stat.S_IMODE(p.lstat().st_mode) for p in site.rglob("*") if not p.is_symlink()}
    assert modes == {0o755, 0o644}


# b. Atomic swap and recovery --------------------------------------------------------------------

def test_the_swap_exchanges_the_folders_without_moving_the_live_site_away(tmp_path: Path, monkeypatch):
    target, new = tmp_path / "site", tmp_path / ".site.new-1"
    target.mkdir()
    (target / "old.html").write_text("gammal")
    new.mkdir()
    (new / "new.html").write_text("ny")

    real = os.rename

    def no_plain_rename_of_the_site(src, dst, *args, **kwargs):
        if target in (Path(src), Path(dst)):
            raise AssertionError(f"plain rename {src} -> {dst}: the site would be missing for a moment")
        return real(src, dst, *args, **kwargs)  # the previous site set aside

    monkeypatch.setattr(os, "rename", no_plain_rename_of_the_site)
    monkeypatch.setattr(os, "replace", no_plain_rename_of_the_site)
    publish.swap_in(new, target, tmp_path / "aside")
    assert snapshot(target) == {Path("new.html"): b"ny"}
    assert set_aside(tmp_path) == {Path("old.html"): b"gammal"}


@pytest.mark.parametrize("errno_code", [errno.ENOSYS, errno.EINVAL])
def test_without_renameat2_the_swap_falls_back_to_two_renames(tmp_path: Path, monkeypatch, errno_code):
    target, new = tmp_path / "site", tmp_path / ".site.new-1"
    target.mkdir()
    (target / "old.html").write_text("gammal")
    new.mkdir()
    (new / "new.html").write_text("ny")

    def unsupported(src, dst):
        raise OSError(errno_code, os.strerror(errno_code), str(dst))

    monkeypatch.setattr(publish, "_exchange", unsupported)
    publish.swap_in(new, target, tmp_path / "aside")
    assert snapshot(target) == {Path("new.html"): b"ny"}
    assert set_aside(tmp_path) == {Path("old.html"): b"gammal"}


def test_the_fallback_puts_the_old_site_back_when_the_second_rename_fails(tmp_path: Path, monkeypatch):
    target, new = tmp_path / "site", tmp_path / ".site.new-1"
    target.mkdir()
    (target / "old.html").write_text("gammal")
    new.mkdir()
    monkeypatch.setattr(publish, "_exchange", None)
    real = os.rename

    def second_fails(src, dst):
        if Path(src) == new:
            raise OSError(errno.EACCES, "Permission denied", str(dst))
        real(src, dst)

    monkeypatch.setattr(os, "rename", second_fails)
    with pytest.raises(OSError):
        publish.swap_in(new, target)
    assert snapshot(target) == {Path("old.html"): b"gammal"}


def test_a_rebuild_never_moves_the_live_site_away(project: Path, monkeypatch):
    site = project / "site"
    fake_site(site)
    real = os.rename

    def guarded(src, dst, *args, **kwargs):
        if Path(src) == site:
            raise AssertionError("the live site was renamed away: a crash now would leave no site")
        return real(src, dst, *args, **kwargs)

    monkeypatch.setattr(os, "rename", guarded)
    build_site(project, site)
    assert (site / "index.html").read_text(encoding="utf-8") != "<p>förra webbplatsen</p>"
    assert not (site / "assets" / "site.css").exists() or (site / "assets" / "site.css").read_text() != "body{}"
    assert leftovers(project) == []


def test_a_crash_between_the_renames_is_healed_by_the_next_build(project: Path):
    """The crash left the live site as .site.old-<pid> and no site/: the next build restores it
    first, so even a failing build leaves the previous site in place."""
    site = project / "site"
    before = fake_site(site)
    site.rename(project / ".site.old-123")
    make_package(project, files={"budget_values.csv": "line_id,column\n"})  # broken: this build fails
    failed = run("build", "--root", str(project), "--site-dir", str(site), "-q")
    assert failed.exit_code == 1
    assert snapshot(site) == before
    assert leftovers(project) == []


def test_after_a_crash_between_the_renames_the_next_build_publishes(project: Path):
    site = project / "site"
    fake_site(site)
    site.rename(project / ".site.old-123")
    build_site(project, site)
    assert "förra webbplatsen" not in (site / "index.html").read_text(encoding="utf-8")
    assert leftovers(project) == []


def test_recovery_restores_the_newest_old_site(tmp_path: Path):
    target = tmp_path / "site"
    for pid, text in ((111, "äldre"), (222, "nyare")):
        old = tmp_path / f".site.old-{pid}"
        old.mkdir()
        (old / "index.html").write_text(text, encoding="utf-8")
        time.sleep(0.01)  # ordering of ctimes, not a timing assertion
    publish.recover(target)
    assert (target / "index.html").read_text(encoding="utf-8") == "nyare"


# c. Leftovers and one build at a time -----------------------------------------------------------

def test_leftovers_of_a_killed_build_are_removed_by_the_next_build(project: Path):
    site = project / "site"
    fake_site(site)
    for folder in (project / ".site.new-abc", project / ".site.old-999", project / "build" / "docs-xyz" / "docs"):
        folder.mkdir(parents=True)
        (folder / "index.html").write_text("halvfärdig")
    build_site(project, site)
    assert leftovers(project) == []
    assert "halvfärdig" not in (site / "index.html").read_text(encoding="utf-8")


def test_a_second_build_at_the_same_time_fails_with_one_line_and_touches_nothing(project: Path):
    site = project / "site"
    before = fake_site(site)
    staging = project / "build" / "docs-running"  # the first build's staging folder: not a leftover
    staging.mkdir(parents=True)
    with open(project / "build" / publish.LOCK_NAME, "a+b") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        result = run("build", "--root", str(project), "--site-dir", str(site), "-q")
        english = run("build", "--root", str(project), "--site-dir", str(site), "-q", "--lang", "en")
    assert result.exit_code == 1
    assert "ett annat bygge pågår" in one_clean_line(result)
    assert "another build is running" in one_clean_line(english)
    assert staging.is_dir()
    assert snapshot(site) == before


def test_build_leftovers_are_ignored_by_git():
    patterns = (ROOT / ".gitignore").read_text(encoding="utf-8").splitlines()
    assert "/.site.*" in patterns and "/build/" in patterns


# d. Signals and the engine timeout --------------------------------------------------------------

@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGINT])
def test_a_signal_during_the_build_stops_mkdocs_and_cleans_up(project: Path, signum: int):
    site = project / "site"
    before = fake_site(site)
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    code = "from generator.cli import main; main()"
    proc = subprocess.Popen(
        [sys.executable, "-c", code, "build", "--root", str(project), "--site-dir", str(site), "-q"],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env,
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))  # as in a terminal
    try:
        deadline = time.monotonic() + 300  # only so that a broken build cannot hang the test run
        while not engine_processes(str(project)):
            assert proc.poll() is None, proc.communicate()
            assert time.monotonic() < deadline, "mkdocs never started"
            time.sleep(0.05)
        assert list((project / "build").glob("docs-*"))
        proc.send_signal(signum)
        _, stderr = proc.communicate(timeout=300)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    assert proc.returncode == 128 + signum, stderr
    assert "Traceback" not in stderr
    lines = [l for l in stderr.splitlines() if l.strip()]
    assert len(lines) == 1 and "avbröts" in lines[0], lines
    assert leftovers(project) == []
    assert engine_processes(str(project)) == []
    assert snapshot(site) == before


@pytest.mark.parametrize("exchange", ["renameat2", "two renames"])
def test_a_signal_during_the_swap_waits_until_the_swap_is_done(tmp_path: Path, monkeypatch, exchange: str):
    target, new = tmp_path / "site", tmp_path / ".site.new-1"
    target.mkdir()
    (target / "old.html").write_text("gammal")
    new.mkdir()
    (new / "new.html").write_text("ny")
    real_exchange, real_rename = publish._exchange, os.rename

    def signalled_exchange(a, b):
        os.kill(os.getpid(), signal.SIGTERM)  # arrives in the middle of the swap
        real_exchange(a, b)

    def signalled_rename(src, dst):
        real_rename(src, dst)
        if Path(src) == target:  # between the two renames
            os.kill(os.getpid(), signal.SIGTERM)

    if exchange == "renameat2":
        monkeypatch.setattr(publish, "_exchange", signalled_exchange)
    else:
        monkeypatch.setattr(publish, "_exchange", None)
        monkeypatch.setattr(os, "rename", signalled_rename)
    with pytest.raises(publish.BuildInterrupted), publish._interruptible():
        publish.swap_in(new, target, tmp_path / "aside")
    assert snapshot(target) == {Path("new.html"): b"ny"}
    assert set_aside(tmp_path) == {Path("old.html"): b"gammal"}

def test_mkdocs_is_stopped_when_it_takes_longer_than_the_engine_timeout(project: Path, monkeypatch):
    site = project / "site"
    before = fake_site(site)
    monkeypatch.setenv("PLANSITE_ENGINE_TIMEOUT", "0.001")
    result = run("build", "--root", str(project), "--site-dir", str(site), "-q")
    assert result.exit_code == 1
    line = one_clean_line(result)
    assert "PLANSITE_ENGINE_TIMEOUT" in line and "webbplatsen har inte ändrats" in line
    assert engine_processes(str(project)) == []
    assert leftovers(project) == []
    assert snapshot(site) == before


def test_a_bad_engine_timeout_is_one_clean_line(project: Path, monkeypatch):
    monkeypatch.setenv("PLANSITE_ENGINE_TIMEOUT", "en timme")
    result = run("build", "--root", str(project), "--site-dir", str(project / "site"), "-q")
    assert result.exit_code == 1
    assert "PLANSITE_ENGINE_TIMEOUT" in one_clean_line(result)
    assert leftovers(project) == []


# e. Disk full, read-only, no permission, mount point --------------------------------------------

def test_a_full_disk_is_one_clean_line_and_the_site_is_untouched(project: Path, monkeypatch):
    site = project / "site"
    before = fake_site(site)
    real = Path.write_text

    def disk_full(self, *args, **kwargs):
        if project / "build" in self.parents:
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))  # as from write(2): no file name
        return real(self, *args, **kwargs)

    monkeypatch.setattr(Path, "write_text", disk_full)
    result = run("build", "--root", str(project), "--site-dir", str(site), "-q")
    assert result.exit_code == 1
    line = one_clean_line(result)
    assert f"disken är full när {project / 'build'} skrivs" in line and "webbplatsen har inte ändrats" in line
    assert snapshot(site) == before
    assert leftovers(project) == []


def test_a_read_only_target_is_one_clean_line_and_the_site_is_untouched(project: Path, monkeypatch):
    """As root chmod 0555 does not stop writes, so the file system's answer is simulated."""
    site = project / "site"
    before = fake_site(site)
    real = tempfile.mkdtemp

    def read_only(*args, **kwargs):
        folder = kwargs.get("dir", args[2] if len(args) > 2 else None)
        if folder is not None and Path(folder) == project:
            raise OSError(errno.EROFS, os.strerror(errno.EROFS), str(project))
        return real(*args, **kwargs)

    monkeypatch.setattr(tempfile, "mkdtemp", read_only)
    result = run("build", "--root", str(project), "--site-dir", str(site), "-q")
    assert result.exit_code == 1
    line = one_clean_line(result)
    assert f"{project} är skrivskyddad" in line and "webbplatsen har inte ändrats" in line
    assert snapshot(site) == before
    assert leftovers(project) == []


def test_no_permission_at_the_swap_is_one_clean_line_and_the_site_is_untouched(project: Path, monkeypatch):
    site = project / "site"
    before = fake_site(site)

    def denied(src, dst):
        raise OSError(errno.EACCES, os.strerror(errno.EACCES), str(dst))

    monkeypatch.setattr(publish, "_exchange", denied)
    result = run("build", "--root", str(project), "--site-dir", str(site), "-q", "--lang", "en")
    assert result.exit_code == 1
    line = one_clean_line(result)
    assert f"no permission to write {site}" in line and "the site was not changed" in line
    assert snapshot(site) == before
    assert leftovers(project) == []


def test_a_mount_point_as_target_is_refused_up_front(project: Path, monkeypatch):
    site = project / "site"
    before = fake_site(site)
    real = os.path.ismount
    monkeypatch.setattr(os.path, "ismount", lambda p: Path(p) == site or real(p))
    result = run("build", "--root", str(project), "--site-dir", str(site), "-q")
    assert result.exit_code == 1
    line = one_clean_line(result)
    assert f"{site} är en monteringspunkt; välj en mapp inuti den" in line
    assert snapshot(site) == before
    assert leftovers(project) == []


@pytest.mark.parametrize("code, words", [
    (errno.ENOSPC, "disken är full"), (errno.EDQUOT, "disken är full"), (errno.EROFS, "är skrivskyddad"), (errno.EACCES, "behörighet saknas"),
    (errno.EPERM, "behörighet saknas"), (errno.EXDEV, "monteringspunkt"), (errno.EBUSY, "monteringspunkt"),
])
def test_errors_of_the_file_system_name_the_path(tmp_path: Path, code: int, words: str):
    failure = publish.failure(OSError(code, os.strerror(code), str(tmp_path / "x")), tmp_path / "site")
    assert isinstance(failure, BuildFailed)
    assert words in str(failure) and str(tmp_path) in str(failure)


def test_other_errors_of_the_file_system_are_not_dressed_up(tmp_path: Path):
    assert publish.failure(OSError(errno.ENAMETOOLONG, "File name too long"), tmp_path) is None
    assert build.BuildFailed is publish.BuildFailed


@pytest.mark.parametrize("target", [".", "..", "datapackages", "content/site"])
def test_a_site_folder_that_holds_or_lies_in_the_sources_is_refused(project: Path, target: str):
    """The swap replaces the site folder: pointed at the project (or into its sources) it would
    replace them."""
    before = sorted(p.relative_to(project.parent) for p in project.rglob("*"))
    result = run("build", "--root", str(project), "--site-dir", str(project / target), "-q")
    assert result.exit_code == 1
    assert "webbplatsens mapp" in one_clean_line(result)
    assert sorted(p.relative_to(project.parent) for p in project.rglob("*")) == before


def _modes(folder: Path) -> dict[Path, int]:
    return {p.relative_to(folder): stat.S_IMODE(p.lstat().st_mode) for p in [folder, *folder.rglob("*")]}


def test_the_previous_site_is_set_aside_and_the_next_build_writes_the_new_site_into_it(project: Path, tmp_path_factory,
                                                                                     monkeypatch):
    """A rebuild moves the site it replaces into build/previous-sites/ (not beside the site, where a
    server of the parent folder would publish it); the next build takes it back as the folder of its
    new site (a double buffer, ``newsite``) and writes only what differs there: the site is the same,
    file for file and mode for mode, as a build into an empty folder. Other sites set aside are
    removed in a process of their own while the build works."""
    site = project / "site"
    aside = publish.previous_sites(project / "build")
    build_site(project, site)
    assert not aside.exists()  # nothing was replaced
    first = snapshot(site)
    indicators = project / "datapackages" / "testby-testnamnden-2024" / "indicators.csv"
    indicators.write_text(indicators.read_text(encoding="utf-8").replace("Väntetid", "Väntetiden"), encoding="utf-8")
    build_site(project, site)
    assert [p.name for p in project.iterdir() if p.name.startswith(".")] == []
    (moved,) = aside.iterdir()
    assert snapshot(moved) == first and snapshot(site) != first
    unchanged = "data/plan-mall.xlsx"  # written by the build (not linked from a unit's cache), the same each time
    inode = (moved / unchanged).stat().st_ino
    assert (project / "build" / newsite.LISTING).is_file()
    (aside / "0-0").mkdir()  # another site set aside before it (the last build's is taken back), to be removed
    (aside / "0-0" / "gammal.html").write_text("<p>gammal</p>", encoding="utf-8")
    time.sleep(0.05)
    os.rename(moved, project / "build" / "moving")
    os.rename(project / "build" / "moving", moved)  # set aside last

    removals = []
    real_remove_previous = publish.remove_previous

    def remove_previous(folder: Path):
        removals.append(([p.name for p in folder.iterdir()], real_remove_previous(folder)))
        return removals[-1][1]

    monkeypatch.setattr(publish, "remove_previous", remove_previous)
    indicators.write_text(indicators.read_text(encoding="utf-8").replace("Väntetiden", "Väntetiden i dagar"),
                          encoding="utf-8")
    build_site(project, site)
    assert [names for names, _ in removals] == [["0-0"]] and removals[0][1].returncode == 0
    assert [p.name for p in aside.iterdir()] != [moved.name] and len(list(aside.iterdir())) == 1  # the second build's site
    assert not moved.exists() and (site / unchanged).stat().st_ino == inode  # taken back, its unchanged file kept
    assert [p.name for p in project.iterdir() if p.name.startswith(".")] == []

    monkeypatch.undo()
    fresh = _fresh_build(project, tmp_path_factory.mktemp("fresh"))
    assert snapshot(site) == snapshot(fresh) and _modes(site) == _modes(fresh)
    assert "Väntetiden i dagar" in (site / "data" / "testby-testnamnden-2024" / "indicators.csv").read_text(encoding="utf-8")


def _fresh_build(project: Path, into: Path) -> Path:
    """The same project built into an empty folder, for comparison."""
    for name in ("datapackages", "content", "site_theme"):
        shutil.copytree(project / name, into / name)
    shutil.copy(project / "mkdocs.yml", into / "mkdocs.yml")
    build_site(into, into / "site")
    return into / "site"


def test_a_build_that_fails_after_writing_sets_the_folder_it_took_back_aside_again(project: Path, monkeypatch,
                                                                                 tmp_path_factory):
    """The folder taken back is written into before the build fails (here at the link check): the
    published site keeps its bytes and modes, and the next build, taking the folder back with what the
    failed build left in it, still makes exactly the site a fresh build makes."""
    site = project / "site"
    build_site(project, site)
    build_site(project, site)
    aside = publish.previous_sites(project / "build")
    published, modes = snapshot(site), _modes(site)
    indicators = project / "datapackages" / "testby-testnamnden-2024" / "indicators.csv"
    indicators.write_text(indicators.read_text(encoding="utf-8").replace("Väntetid", "Väntetiden"), encoding="utf-8")

    def broken(*args, **kwargs):
        raise BuildFailed.of("broken-link", page="index.html", link="saknas/")

    monkeypatch.setattr(build.links, "check", broken)
    with pytest.raises(BuildFailed):
        build_site(project, site)
    assert snapshot(site) == published and _modes(site) == modes
    (back,) = aside.iterdir()
    assert any("Väntetiden" in data.decode("utf-8", "replace") for data in snapshot(back).values())  # it was written
    assert [p.name for p in project.iterdir() if p.name.startswith(".")] == []
    monkeypatch.undo()
    build_site(project, site)
    fresh = _fresh_build(project, tmp_path_factory.mktemp("fresh"))
    assert snapshot(site) == snapshot(fresh) and _modes(site) == _modes(fresh)


def test_a_folder_the_build_cannot_clear_is_not_taken_back_again(project: Path, monkeypatch, tmp_path_factory):
    """A name in the folder taken back that cannot be removed (another user's folder, say) fails the
    build once; the folder is then only for removal, and the next build writes into a new one."""
    from generator.build import newsite

    site = project / "site"
    build_site(project, site)
    build_site(project, site)
    real = newsite._remove

    def refused(path):
        raise PermissionError(13, "Permission denied", path)

    monkeypatch.setattr(newsite, "_remove", refused)
    indicators = project / "datapackages" / "testby-testnamnden-2024" / "indicators.csv"
    indicators.write_text(indicators.read_text(encoding="utf-8").replace("Väntetid", "Väntetiden"), encoding="utf-8")
    with pytest.raises(BuildFailed):
        build_site(project, site)
    monkeypatch.setattr(newsite, "_remove", real)
    taken = []
    real_take = publish.take_aside
    monkeypatch.setattr(publish, "take_aside", lambda *args: taken.append(real_take(*args)) or taken[-1])
    build_site(project, site)
    assert taken == [None]  # the spoiled folder was not taken back
    fresh = _fresh_build(project, tmp_path_factory.mktemp("fresh"))
    assert snapshot(site) == snapshot(fresh) and _modes(site) == _modes(fresh)


def test_a_site_on_another_file_system_is_removed_at_once(tmp_path: Path, monkeypatch):
    """Where the previous site cannot be moved into the build folder (another file system), it is
    removed at the swap, as before."""
    target, new = tmp_path / "site", tmp_path / ".site.new-1"
    target.mkdir()
    (target / "old.html").write_text("gammal")
    new.mkdir()
    real = os.rename

    def cross_device(src, dst, *args, **kwargs):
        if Path(dst).parent == tmp_path / "aside":
            raise OSError(errno.EXDEV, "Invalid cross-device link", str(dst))
        return real(src, dst, *args, **kwargs)

    monkeypatch.setattr(os, "rename", cross_device)
    publish.swap_in(new, target, tmp_path / "aside")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["aside", "site"] and not list((tmp_path / "aside").iterdir())


