"""Validate stage, content: a plan's chapter folder and the site's own pages and images.

Chapters are read (``load.read_chapter``: bounded front matter) and rendered to their safe page
source (``markup.render``) here, during validation, in a child process with a time limit per
chapter, so ``validate`` reports everything ``build`` would trip on and the build reuses the
rendered sources. Nothing in these folders is followed through a symbolic link.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from generator.config.limits import Limits
from generator.ingest import bounded, characters, files, load, markup
from generator.model import plan as model
from generator.model.codes import Severity
from generator.model.problems import Problem, short
from generator.spec import names

#: What content/assets/ may publish: images for the chapters, nothing a browser would run.
ASSET_SUFFIXES = markup.IMAGE_SUFFIXES


def kind_problem(label: str, kind: str, found: str, wanted: str = "file") -> Problem | None:
    """The error for a path that is a link (never followed) or not the ``wanted`` kind
    (``files.kind``: a FIFO, a device, a file where a folder belongs …), else None."""
    if kind == "symlink":
        return Problem(label, "symlink", found=found)
    if kind != wanted:
        return Problem(label, "not-a-regular-file", found=found)
    return None


def _entry_problem(label: str, entry: files.Entry, what: str) -> Problem | None:
    if entry.kind == "dir":
        return Problem(label, "unknown-file", found=entry.rel, expected=what, severity=Severity.WARNING)
    return kind_problem(label, entry.kind, entry.rel)


def _text_name(name: str) -> bool:
    """Whether a file name is text (a name that is not UTF-8 reaches Python as lone surrogates)."""
    try:
        name.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def check_site_content(content: Path | None, limits: Limits) -> tuple[list[Problem], tuple[str, ...]]:
    """Problems in ``content/site/`` and ``content/assets/``, and the asset files to publish."""
    problems: list[Problem] = []
    assets: list[str] = []
    if content is None:
        return problems, ()
    for name in ("site", "assets"):
        folder = content / name
        kind = files.kind(folder)
        if kind == "missing":
            continue
        if kind != "dir":
            problems.append(kind_problem(f"content/{name}", kind, name, "dir"))
            continue
        for entry in files.walk(folder):
            label = f"content/{name}/{entry.rel}"
            if entry.kind in ("symlink", "other"):
                problems.append(_entry_problem(label, entry, ""))
            elif name == "assets" and entry.kind == "dir" and "/" not in entry.rel:
                problems.append(_entry_problem(label, entry, "assets"))
            elif name == "assets" and entry.kind == "file" and "/" not in entry.rel:
                if not entry.rel.isprintable() or not _text_name(entry.rel):
                    problems.append(Problem(label, "unknown-file", found=entry.rel, expected="assets-name",
                                            severity=Severity.WARNING))
                elif not entry.rel.lower().endswith(ASSET_SUFFIXES) or entry.rel.startswith("."):
                    problems.append(Problem(label, "unknown-file", found=entry.rel, expected="assets", severity=Severity.WARNING))
                elif entry.size > limits.max_file_bytes:
                    problems.append(Problem(label, "file-too-large", found=str(entry.size),
                                            expected=f"<= {limits.max_file_bytes}"))
                else:
                    assets.append(entry.rel)
    return problems, tuple(assets)


def check_chapters(content: Path, plan_id: str, limits: Limits, assets: frozenset[str] = frozenset()
                   ) -> tuple[list[Problem], tuple[model.Chapter, ...]]:
    """Every problem in ``content/<plan-id>/`` and its chapters in order, each with its safe page
    source (``Chapter.body``); a chapter with an error is left out."""
    folder = content / plan_id
    problems: list[Problem] = []
    kind = files.kind(folder)
    if kind == "missing":
        return problems, ()
    if kind != "dir":
        return [kind_problem(f"content/{plan_id}", kind, plan_id, "dir")], ()
    chapters = []
    slugs: dict[str, str] = {}
    limit = limits.max_file_bytes
    for entry in files.walk(folder):
        label = f"content/{plan_id}/{entry.rel}"
        if "/" in entry.rel:
            continue  # inside a folder already reported
        if entry.kind != "file":
            problems.append(_entry_problem(label, entry, "chapter"))
            continue
        if not entry.rel.endswith(".md"):
            problems.append(Problem(label, "unknown-file", found=entry.rel, expected="chapter", severity=Severity.WARNING))
            continue
        try:
            chapter = load.read_chapter(folder / entry.rel, label, limit)
        except files.UnsafeFile as exc:
            problems.append(Problem(label, exc.code, found=exc.found or entry.rel,
                                    expected=f"<= {limit}" if exc.code == "file-too-large" else ""))
            continue
        except load.ContentError as exc:
            problems.append(Problem(label, exc.code, exc.row, "title" if exc.code == "chapter-no-title" else
                                    "order" if exc.code == "chapter-bad-order" else "", short(exc.found)))
            continue
        if chapter.slug in slugs:
            problems.append(Problem(label, "duplicate-chapter", found=chapter.slug, expected=slugs[chapter.slug]))
            continue
        found = list(characters.scan(chapter.title))
        problems.extend(Problem(label, code, 1, "title", what, "text", severity) for code, _, what, severity in found)
        if names.name_problem(chapter.slug):  # the slug is the chapter page's file name
            code, instead = names.name_problem(chapter.slug)
            problems.append(Problem(label, code, found=chapter.slug, expected=instead))
        if any(p.severity == Severity.ERROR and p.file == label for p in problems):
            continue
        chapter = replace(chapter, title=characters.strip_invisible(chapter.title))
        slugs[chapter.slug] = entry.rel
        chapters.append((label, chapter))
    chapter_files = tuple((name, slug) for slug, name in slugs.items())
    jobs = [(label, (chapter.markdown, markup.ChapterContext(plan_id, chapter.slug, chapter_files, assets,
                                                              chapter.first_row)))
            for label, chapter in chapters]
    outcomes = bounded.run(markup.render, jobs, limits.render_timeout)
    done: list[model.Chapter] = []
    for label, chapter in chapters:
        outcome = outcomes[label]
        if not outcome.ok:
            code = {"timeout": "chapter-too-complex", "RecursionError": "chapter-too-deep",
                    "not-read": "chapter-not-read"}.get(outcome.reason, "unreadable")
            problems.append(Problem(label, code, found=outcome.reason if code == "unreadable" else ""))
            continue
        rendered: markup.RenderedChapter = outcome.value
        problems.extend(Problem(label, code, row, "", found, "", severity)
                        for code, row, found, severity in rendered.problems)
        if not any(severity == Severity.ERROR for *_, severity in rendered.problems):
            done.append(replace(chapter, body=rendered.body))
    return problems, tuple(sorted(done, key=lambda c: (c.order, c.slug)))
