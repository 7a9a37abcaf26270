"""The format reference on the page for publishers, generated from the canonical schemas: their
resources, columns, types and rules; the words (titles, descriptions) from the catalogue, which holds
a description for every described column (a test keeps the Swedish ones equal to the schemas')."""

from __future__ import annotations

import json

from generator.i18n.texts import has, t
from generator.ingest.escape import e
from generator.model.plan import Plan
from generator.render.html import data_table, page_link
from generator.spec import urls


def concordance_section(plans: list[Plan], concordance: list[dict], *, lang: str) -> str:
    """The shared keys that link the same measure across plans, with the plans that use each."""
    if not concordance:
        return ""
    page = urls.FORMAT_PAGE
    intro = t("reference.concordance_intro", lang, key="<code>concordance_key</code>",
              file="<code>datapackages/concordance.csv</code>")
    out = [f"\n## {t('reference.concordance_heading', lang)}\n\n<p>{intro}</p>\n\n"]
    rows = []
    for entry in concordance:
        users = [(p, i) for p in plans for i in p.indicators if i.concordance_key == entry["concordance_key"]]
        links = "; ".join(page_link(page, urls.indicator_page(p.plan_id, i.indicator_id), e(p.meta.municipality)) for p, i in users)
        rows.append(f"<tr><th scope=\"row\"><code>{e(entry['concordance_key'])}</code></th><td>{e(entry['title'])}</td>"
                    f"<td>{e(entry['description'])}</td><td>{e(entry.get('kolada_id', ''))}</td><td>{links}</td></tr>")
    headers = [t(f"reference.{c}", lang) for c in ("key", "measure", "description", "kolada_id", "used_in")]
    out.append(data_table(t("reference.concordance_heading", lang), headers, rows))
    return "".join(out)


def plan_field_description(path: str, lang: str) -> str:
    """The description of a field of the plan metadata (``source.url``, ``responsible[].name``);
    "" for one the schema leaves undescribed."""
    key = f"reference.plan_field.{path.replace('[]', '')}"
    return t(key, lang) if has(key, lang) else ""


def _plan_type(prop: dict, lang: str) -> str:
    kind = prop.get("type", "")
    if kind == "string" and (prop.get("format") == "date" or prop.get("pattern") == _DATE):
        kind = "date"
    elif kind == "array":
        kind = f"array_of_{prop.get('items', {}).get('type', 'string')}"
    return t(f"reference.json_type.{kind}", lang)


_DATE = "^[0-9]{4}-[0-9]{2}-[0-9]{2}$"


def _plan_allowed(path: str, prop: dict, lang: str) -> str:
    """What a field of the plan metadata may hold, in words, HTML."""
    key = f"reference.plan_allowed.{path.replace('[]', '')}"
    if has(key, lang):
        return e(t(key, lang))
    if "enum" in prop:
        return t("reference.rule_one_of", lang, values=", ".join(f"<code>{e(v)}</code>" for v in prop["enum"]))
    if "minimum" in prop or "maximum" in prop:
        return e(f"{prop.get('minimum', '')}–{prop.get('maximum', '')}")
    if prop.get("format") == "date" or prop.get("pattern") == _DATE:
        return e(t("reference.allowed_date", lang))
    if "pattern" in prop:
        return t("reference.allowed_pattern", lang, pattern=f"<code>{e(prop['pattern'])}</code>")
    if prop.get("minLength"):
        return e(t("reference.allowed_not_empty", lang))
    return ""


def _plan_example(prop: dict) -> str:
    examples = prop.get("examples") or []
    return f"<code>{e(json.dumps(examples[0], ensure_ascii=False))}</code>" if examples else ""


def plan_reference(*, lang: str) -> str:
    """Every field of the plan metadata, nested ones too: type, whether it is required, the values
    it may hold, an example as written in datapackage.json, and what it means."""
    from generator.spec.package import plan_metadata_fields

    yes, no = t("reference.yes", lang), t("reference.no", lang)
    rows = [f"<tr><th scope=\"row\"><code>{e(path)}</code></th><td>{_plan_type(prop, lang)}</td>"
            f"<td>{yes if required else no}</td><td>{_plan_allowed(path, prop, lang)}</td>"
            f"<td>{_plan_example(prop)}</td><td>{e(plan_field_description(path, lang))}</td></tr>"
            for path, prop, required in plan_metadata_fields()]
    headers = [t(f"reference.{c}", lang) for c in ("field", "type", "required", "allowed", "example", "description")]
    intro = t("reference.plan_intro", lang, plan="<code>plan</code>", file="<code>datapackage.json</code>")
    return f"<p>{intro}</p>\n\n" + data_table(t("reference.plan_caption", lang), headers, rows)


def column_description(resource: str, name: str, lang: str) -> str:
    """The description of a column: its own, else the one shared by every resource ("" if none)."""
    for key in (f"reference.column.{resource}.{name}", f"reference.column.any.{name}"):
        if has(key, lang):
            return t(key, lang)
    return ""


def _rules(constraints: dict, lang: str) -> str:
    rules = []
    if constraints.get("required"):
        rules.append(t("reference.rule_required", lang))
    if constraints.get("unique"):
        rules.append(t("reference.rule_unique", lang))
    if "enum" in constraints:
        rules.append(t("reference.rule_one_of", lang, values=", ".join(constraints["enum"])))
    if "minimum" in constraints or "maximum" in constraints:
        rules.append(f"{constraints.get('minimum', '')}–{constraints.get('maximum', '')}")
    return "; ".join(rules)


def format_reference(plans: list[Plan] | None = None, concordance: list[dict] | None = None, *, lang: str) -> str:
    """The format's reference, generated from the canonical schemas so it cannot drift from them."""
    from generator.spec.package import CANONICAL_RESOURCES, canonical_schema

    out = [concordance_section(plans or [], concordance or [], lang=lang), f"\n## {t('reference.plan_heading', lang)}\n\n"]
    out.append(plan_reference(lang=lang))
    for name in CANONICAL_RESOURCES:
        s = canonical_schema(name)
        out.append(f"## {e(t(f'reference.resource.{name}', lang))}: {name}.csv\n\n")
        key = ", ".join(s.get("primaryKey", []))
        if key:
            out.append(f"<p>{t('reference.primary_key', lang, key=f'<code>{e(key)}</code>')}</p>\n\n")
        rows = [f"<tr><th scope=\"row\"><code>{e(f['name'])}</code></th><td>{e(f['type'])}</td>"
                f"<td>{e(_rules(f.get('constraints', {}), lang))}</td><td>{e(column_description(name, f['name'], lang))}</td></tr>"
                for f in s["fields"]]
        headers = [t(f"reference.{c}", lang) for c in ("column_name", "type", "rules", "description")]
        out.append(data_table(t("reference.columns_caption", lang, file=f"{name}.csv"), headers, rows))
    return "".join(out)
