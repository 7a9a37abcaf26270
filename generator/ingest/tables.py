"""A plan's tables as frictionless sees them, built from the texts validation read.

Frictionless would open every CSV again, and again for each foreign key that refers to it (goals.csv
was opened 13 times in one build). Here each resource is handed to frictionless as the UTF-8 text
that ``files.read_bytes`` read once and validation checked, so the schema check, the foreign keys
and the loading of the model all work on the same bytes, and nothing is read twice or through a
link that changed in between.
"""

from __future__ import annotations

from frictionless import Package, Resource, Schema

#: Descriptor properties that say where and how the file is stored: the text is given instead.
_STORAGE = ("path", "data", "scheme", "format", "mediatype", "encoding", "compression", "dialect")


def resource(spec: dict, text: str, *, references: bool = True) -> Resource:
    """One resource of the descriptor (``spec``) over its text; without its foreign keys unless
    ``references`` (loading a package validation has checked: each key would open the tables it
    refers to again, for every table, and find what validation found)."""
    schema = spec.get("schema") if isinstance(spec.get("schema"), dict) else None
    if schema is not None and not references:
        schema = {k: v for k, v in schema.items() if k != "foreignKeys"}
    return Resource(
        text.encode("utf-8"), format="csv", encoding="utf-8",
        name=spec.get("name") or "", title=spec.get("title"), description=spec.get("description"),
        schema=Schema.from_descriptor(schema) if schema is not None else Schema(),
        hash=spec.get("hash"), bytes=spec.get("bytes"),
    )


def package(descriptor: dict, texts: dict[str, str], *, references: bool = True) -> Package:
    """The package of ``descriptor`` whose resources read ``texts`` (resource name -> CSV text);
    ``references``: with the schemas' foreign keys (``resource``)."""
    resources = [resource(spec, texts[spec["name"]], references=references) for spec in descriptor.get("resources", [])
                 if isinstance(spec, dict) and spec.get("name") in texts]
    return Package(resources=resources, name=descriptor.get("name"))
