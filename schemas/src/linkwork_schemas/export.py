"""Export JSON Schema for every event and the inbound submission; `--check` verifies them.

linkwork-schemas export [--out DIR]     write schemas/json/*.schema.json
linkwork-schemas check  [--out DIR]     exit 1 if the checked-in files are stale
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from pydantic import BaseModel

from linkwork_schemas.catalogue import EVENT_CLASSES
from linkwork_schemas.gp_referral import ReferralSubmission

DEFAULT_OUT = Path(__file__).resolve().parents[2] / "json"


def rendered_schemas() -> dict[str, str]:
    """File name -> JSON text for every contract."""
    models: dict[str, type[BaseModel]] = {"ReferralSubmission.v1": ReferralSubmission}
    for cls in EVENT_CLASSES:
        models[f"{cls.type_name()}.v{cls.version()}"] = cls
    out: dict[str, str] = {}
    for name, model in models.items():
        schema = model.model_json_schema(by_alias=True)
        schema["$id"] = f"https://linkwork.dev/schemas/{name}.schema.json"
        topic = getattr(model, "TOPIC", "gp.referrals")
        schema["x-topic"] = topic
        out[f"{name}.schema.json"] = json.dumps(schema, indent=2, sort_keys=True) + "\n"
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="linkwork-schemas", description=__doc__)
    parser.add_argument("command", choices=["export", "check"])
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    args = parser.parse_args(argv)
    wanted = rendered_schemas()
    if args.command == "export":
        args.out.mkdir(parents=True, exist_ok=True)
        for stale in set(p.name for p in args.out.glob("*.schema.json")) - set(wanted):
            (args.out / stale).unlink()
        for name, text in wanted.items():
            (args.out / name).write_text(text)
        print(f"wrote {len(wanted)} schemas to {args.out}")
        return 0
    present = {p.name: p.read_text() for p in args.out.glob("*.schema.json")}
    stale = sorted(n for n in wanted if present.get(n) != wanted[n])
    extra = sorted(set(present) - set(wanted))
    if stale or extra:
        print(f"JSON Schemas out of date: {stale + extra}; run `make schemas`", file=sys.stderr)
        return 1
    print(f"{len(wanted)} JSON Schemas are current")
    return 0


if __name__ == "__main__":
    sys.exit(main())
