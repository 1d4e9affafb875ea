"""Reads and writes of outlets, speakers and wordings that ingest, trace and the web share."""

from __future__ import annotations

from sqlalchemy import select
from sqlmodel import Session

from provenance.models import Outlet, Speaker, SpeakerAlias, TextVector
from provenance.speakers import clean_name, same_person, speaker_key


def get_or_create_outlet(session: Session, name: str, domain: str | None = None) -> Outlet:
    outlet = session.scalars(select(Outlet).where(Outlet.name == name)).first()
    if outlet is None:
        outlet = Outlet(name=name, domain=domain)
        session.add(outlet)
        session.flush()
    return outlet


def resolve_speaker(session: Session, name: str | None, mention: str | None = None) -> Speaker | None:
    """The stored Speaker for a name, merging aliases ("Mr Rogozin" = "Dmitry Rogozin").

    `mention` is the name as the article wrote it ("Roscosmos chief Dmitry Rogozin"), kept as an alias.
    """
    if not name or not name.strip():
        return None
    mention = (mention or name).strip()
    name = clean_name(name) or name.strip()
    key = speaker_key(name)
    if not key:
        return None
    candidates = session.scalars(select(Speaker).where(Speaker.key == key)).all()
    speaker = next((s for s in candidates if same_person(s.name, name)), None)
    if speaker is None:
        speaker = Speaker(name=name, key=key)
        session.add(speaker)
        session.flush()
    elif _display_rank(name) > _display_rank(speaker.name):
        speaker.name = name
    known = set(session.scalars(select(SpeakerAlias.alias).where(
        SpeakerAlias.speaker_id == speaker.id, SpeakerAlias.alias.in_({mention, name}))).all())
    for alias in {mention, name} - known:
        session.add(SpeakerAlias(speaker_id=speaker.id, alias=alias))
    return speaker


def _display_rank(name: str) -> tuple[bool, int]:
    """Prefer a Latin-script name, then the fullest form ("Dmitry Rogozin" over "Rogozin" or "Рогозин")."""
    return (name.isascii(), len(name.split()))


def find_speakers(session: Session, name: str) -> list[Speaker]:
    """Stored speakers who are the person `name` refers to."""
    cleaned = clean_name(name) or name
    key = speaker_key(cleaned)
    return [s for s in session.scalars(select(Speaker).where(Speaker.key == key)).all()
            if same_person(s.name, cleaned)]


def vectors_for_hashes(session: Session, hashes: list[str]) -> dict[str, TextVector]:
    if not hashes:
        return {}
    rows = session.scalars(select(TextVector).where(TextVector.norm_hash.in_(list(set(hashes))))).all()
    return {r.norm_hash: r for r in rows}
