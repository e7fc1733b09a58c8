"""GP system simulator: emits realistic referrals to `gp.referrals`.

    python -m linkwork_referral.dev.simulator --count 20 --rate 5 --invalid-share 0.1 --format mixed

NHS numbers carry valid Modulus 11 check digits, postcodes are real-format Leeds postcodes,
reasons and urgencies are mixed. A chosen share is invalid (a broken NHS number) or a
duplicate (the same message sent again). Each is a JSON submission, a FHIR BaRS message
bundle (`--format bars`) or either, about half each (`--format mixed`).
"""

from __future__ import annotations

import asyncio
import copy
import random
import uuid
from datetime import UTC, date, datetime, timedelta
from typing import Annotated, Any, Literal

import typer
from aiokafka import AIOKafkaProducer

from linkwork_referral.dev.simulated_bars import SNOMED_REFERRAL, bars_bundle, source_referral_id
from linkwork_referral.domain.nhs_number import check_digit
from linkwork_schemas import topics

GIVEN = ["Amina", "Brian", "Chloe", "Dev", "Eileen", "Farid", "Grace", "Harry", "Irene", "Jamal"]
FAMILY = ["Shah", "Walker", "Okafor", "Patel", "Murphy", "Nowak", "Hughes", "Begum", "Clarke"]
PRACTICES = [
    ("B86001", "Burley Park Medical Centre"),
    ("B86002", "Hyde Park Surgery"),
    ("B86003", "Chapeltown Family Practice"),
]
REASONS = [
    ("Lives alone since bereavement, feels isolated", "loneliness"),
    ("Low mood, would like to get out more", "mental_wellbeing"),
    ("Rent arrears and worried about eviction", "housing"),
    ("Debt with utility companies causing anxiety", "money_and_debt"),
    ("Wants to be more active after cardiac rehab", "physical_activity"),
    ("Recently unemployed, looking for work", "employment"),
    ("Caring for partner with dementia, exhausted", "caring"),
    ("Would like to improve English and computer skills", "education_and_skills"),
]
Format = Literal["json", "bars", "mixed"]


def valid_nhs_number(rng: random.Random) -> str:
    while True:
        first_nine = "9" + "".join(str(rng.randint(0, 9)) for _ in range(8))
        digit = check_digit(first_nine)
        if digit is not None:
            return first_nine + str(digit)


def invalid_nhs_number(rng: random.Random) -> str:
    number = valid_nhs_number(rng)
    return number[:9] + str((int(number[9]) + 1) % 10)


def leeds_postcode(rng: random.Random) -> str:
    letters = "ABDEFGHJLNPQRSTUWXYZ"  # the letters inward codes use
    return f"LS{rng.randint(1, 29)} {rng.randint(1, 9)}{rng.choice(letters)}{rng.choice(letters)}"


def submission(
    rng: random.Random, *, invalid: bool = False, now: datetime | None = None
) -> dict[str, Any]:
    ods, practice = rng.choice(PRACTICES)
    reason, domain = rng.choice(REASONS)
    birth = date(1940, 1, 1) + timedelta(days=rng.randint(0, 365 * 65))
    return {
        "schema": "linkwork.referral-submission",
        "source_system": rng.choice(["EMIS", "SystmOne"]),
        "source_referral_id": f"R-{uuid.UUID(int=rng.getrandbits(128)).hex[:12]}",
        "submitted_at": (now or datetime.now(UTC)).isoformat(),
        "route": "gp",
        "urgency": "urgent" if rng.random() < 0.2 else "routine",
        "referrer": {
            "ods_code": ods,
            "organisation_name": practice,
            "practitioner_name": f"Dr {rng.choice(FAMILY)}",
        },
        "patient": {
            "nhs_number": invalid_nhs_number(rng) if invalid else valid_nhs_number(rng),
            "given_name": rng.choice(GIVEN),
            "family_name": rng.choice(FAMILY),
            "birth_date": birth.isoformat(),
            "postcode": leeds_postcode(rng),
            "phone": f"07700 900{rng.randint(100, 999)}",
            "consent_to_contact": True,
        },
        "reasons": [{"text": reason, "domain": domain, "code": SNOMED_REFERRAL}],
    }


async def _send(bootstrap: str, documents: list[dict[str, Any]], rate: float, topic: str) -> int:
    import json

    producer = AIOKafkaProducer(bootstrap_servers=bootstrap, acks="all")
    await producer.start()
    try:
        for document in documents:
            key = source_referral_id(document).encode()
            await producer.send_and_wait(topic, json.dumps(document).encode(), key=key)
            if rate > 0:
                await asyncio.sleep(1 / rate)
    finally:
        await producer.stop()
    return len(documents)


def build_batch(
    count: int,
    invalid_share: float = 0.0,
    duplicate_share: float = 0.0,
    seed: int | None = None,
    now: datetime | None = None,
    *,
    format: Format = "json",
) -> list[dict[str, Any]]:
    """Messages to send: JSON submissions, BaRS bundles or both; a duplicate is resent as is."""
    rng = random.Random(seed)
    batch: list[dict[str, Any]] = []
    for _ in range(count):
        if batch and rng.random() < duplicate_share:
            batch.append(copy.deepcopy(rng.choice(batch)))
            continue
        document = submission(rng, invalid=rng.random() < invalid_share, now=now)
        as_bars = format == "bars" or (format == "mixed" and rng.random() < 0.5)
        batch.append(bars_bundle(document, rng) if as_bars else document)
    return batch


def send_referrals(
    bootstrap: str,
    count: int,
    rate: float = 10.0,
    *,
    invalid_share: float = 0.0,
    duplicate_share: float = 0.0,
    topic_prefix: str = "",
    seed: int | None = None,
    format: Format = "json",
) -> int:
    batch = build_batch(count, invalid_share, duplicate_share, seed, format=format)
    return asyncio.run(_send(bootstrap, batch, rate, f"{topic_prefix}{topics.GP_REFERRALS}"))


app = typer.Typer(add_completion=False, help=__doc__)


@app.command()
def main(
    count: Annotated[int, typer.Option(help="How many referrals")] = 10,
    rate: Annotated[
        float, typer.Option(help="Referrals per second (0: as fast as possible)")
    ] = 5.0,
    invalid_share: Annotated[float, typer.Option(min=0, max=1)] = 0.0,
    duplicate_share: Annotated[float, typer.Option(min=0, max=1)] = 0.0,
    bootstrap: Annotated[str, typer.Option(envvar="KAFKA_BOOTSTRAP_SERVERS")] = "127.0.0.1:9092",
    topic_prefix: Annotated[str, typer.Option(envvar="KAFKA_TOPIC_PREFIX")] = "",
    seed: int | None = None,
    format: Annotated[Format, typer.Option(help="Message kind: JSON, BaRS or both")] = "json",
) -> None:
    """Send referrals as a GP system integration would."""
    sent = send_referrals(
        bootstrap,
        count,
        rate,
        invalid_share=invalid_share,
        duplicate_share=duplicate_share,
        topic_prefix=topic_prefix,
        seed=seed,
        format=format,
    )
    typer.echo(f"sent {sent} referrals to {topic_prefix}{topics.GP_REFERRALS} at {bootstrap}")


if __name__ == "__main__":
    app()
