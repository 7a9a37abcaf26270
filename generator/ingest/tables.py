"""A plan's tables as frictionless sees them, built from the texts validation read.

Frictionless would open every CSV again, and again for each foreign key that refers to it (goals.csv
was opened 13 times in one build). Here each resource is handed to frictionless as the UTF-8 text
that ``files.read_bytes`` read once and validation checked, so the schema check, the foreign keys
and the loading of the model all work on the same bytes, and nothing is read twice or through a
link that changed in between.

Frictionless also checks a field's and a schema's descriptor against its JSON Schema every time it
copies one, and it copies each field each time a table is opened: 2 551 copies for the five shipped
plans, a third of validation's time, for the same few dozen descriptors. Those checks are
remembered here (``_remembered``), per class, standard version and descriptor: the check is a pure
function of them, so a descriptor that is wrong is reported just as before, every time.
"""

from __future__ import annotations

import json

from frictionless import Field, Package, Resource, Schema

#: Most descriptors' checks remembered; past it, the memory starts again (a hostile package could
#: carry many distinct fields, and the checks of the shipped schemas are a few dozen).
REMEMBERED = 4096
_checks: dict[tuple, tuple] = {}


def _remembered(owner: type) -> None:
    """Wrap ``owner.metadata_validate`` (a classmethod generator of errors, keyword ``context``)
    so that each distinct call is computed once; the wrapper of ``owner`` remembers ``owner``'s
    own result, so a subclass calling ``super()`` gets the base class's check, not its own."""
    check = owner.__dict__["metadata_validate"].__func__
    if getattr(check, "remembered", False):
        return

    def metadata_validate(cls, descriptor, *, context=None):
        try:
            key = (owner, cls, getattr(context, "datapackage_version", None), json.dumps(descriptor, sort_keys=True))
        except (TypeError, ValueError):  # not JSON (frictionless accepts only JSON descriptors): checked every time
            return check(cls, descriptor, context=context)
        errors = _checks.get(key)
        if errors is None:
            if len(_checks) >= REMEMBERED:
                _checks.clear()
            errors = _checks[key] = tuple(check(cls, descriptor, context=context))
        return iter(errors)

    metadata_validate.remembered = True
    setattr(owner, "metadata_validate", classmethod(metadata_validate))


_remembered(Field)
_remembered(Schema)

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
