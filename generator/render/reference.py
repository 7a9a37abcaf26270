"""The format reference on the page for publishers, generated from the canonical schemas."""

from __future__ import annotations

from generator.ingest.escape import e
from generator.model.plan import Plan
from generator.render.html import data_table, page_link
from generator.spec import urls


def concordance_section(plans: list[Plan], concordance: list[dict]) -> str:
    """The shared keys that link the same measure across plans, with the plans that use each."""
    if not concordance:
        return ""
    page = "dataformat.md"
    out = ["\n## Jämförelsenycklar\n\n<p>När samma mått finns i flera planer men planerna inte anger något Kolada-id får "
           "indikatorerna samma <code>concordance_key</code>. Nycklarna finns i <code>datapackages/concordance.csv</code>.</p>\n\n"]
    rows = []
    for entry in concordance:
        users = [(p, i) for p in plans for i in p.indicators if i.concordance_key == entry["concordance_key"]]
        links = "; ".join(page_link(page, urls.indicator_page(p.plan_id, i.indicator_id), e(p.meta.municipality)) for p, i in users)
        rows.append(f"<tr><th scope=\"row\"><code>{e(entry['concordance_key'])}</code></th><td>{e(entry['title'])}</td>"
                    f"<td>{e(entry['description'])}</td><td>{e(entry.get('kolada_id', ''))}</td><td>{links}</td></tr>")
    out.append(data_table("Jämförelsenycklar", ["Nyckel", "Mått", "Beskrivning", "Kolada-id", "Används i"], rows))
    return "".join(out)


def format_reference(plans: list[Plan] | None = None, concordance: list[dict] | None = None) -> str:
    """The format's reference, generated from the canonical schemas so it cannot drift from them."""
    from generator.spec.package import (
        CANONICAL_RESOURCES,
        RESOURCE_TITLES,
        canonical_schema,
        plan_metadata_schema,
    )

    out = [concordance_section(plans or [], concordance or []), "\n## Planens metadata (egenskapen plan)\n\n"]
    schema = plan_metadata_schema()
    required = set(schema.get("required", []))
    rows = [f"<tr><th scope=\"row\"><code>{e(name)}</code></th><td>{'ja' if name in required else 'nej'}</td>"
            f"<td>{e(prop.get('description', ''))}</td></tr>" for name, prop in schema["properties"].items()]
    out.append(data_table("Fält i plan", ["Fält", "Krävs", "Beskrivning"], rows))
    for name in CANONICAL_RESOURCES:
        s = canonical_schema(name)
        out.append(f"## {e(RESOURCE_TITLES[name])}: {name}.csv\n\n")
        key = ", ".join(s.get("primaryKey", []))
        if key:
            out.append(f"<p>Nyckel: <code>{e(key)}</code>.</p>\n\n")
        rows = []
        for f in s["fields"]:
            c = f.get("constraints", {})
            rules = []
            if c.get("required"):
                rules.append("krävs")
            if c.get("unique"):
                rules.append("unikt")
            if "enum" in c:
                rules.append("ett av: " + ", ".join(c["enum"]))
            if "minimum" in c or "maximum" in c:
                rules.append(f"{c.get('minimum', '')}–{c.get('maximum', '')}")
            rows.append(f"<tr><th scope=\"row\"><code>{e(f['name'])}</code></th><td>{e(f['type'])}</td>"
                        f"<td>{e('; '.join(rules))}</td><td>{e(f.get('description', ''))}</td></tr>")
        out.append(data_table(f"Kolumner i {name}.csv", ["Kolumn", "Typ", "Regler", "Beskrivning"], rows))
    return "".join(out)
