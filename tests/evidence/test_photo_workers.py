"""Photos decoded in low-priority processes (PHOTO_PROCESSES): the same answers, the same
guarantees, and a dying process costs one photo a clear 422, never a stuck phone."""
from __future__ import annotations

import os
import time
from pathlib import Path

import pytest
import sqlalchemy as sa

from juror_app.core.extensions import db
from juror_app.evidence import workers
from juror_app.models import Photo
from tests.api_support import new_id
from tests.evidence_samples import hostile_files, jpeg


@pytest.fixture
def app_config() -> dict:
    return {"PHOTO_PROCESSES": 1}


def upload(client, cid, headers, data):
    return client.put(f"/api/v1/contacts/{cid}/photos/{new_id()}", data=data,
                      headers=headers, content_type="image/jpeg")


def stored(app) -> tuple[int, list[Path]]:
    rows = db.session.scalar(sa.select(sa.func.count()).select_from(Photo))
    return rows, [p for p in Path(app.config["MEDIA_DIR"]).rglob("*") if p.is_file()]


def die(*args):
    """Stands in for the decoding: the process ends as the kernel's OOM killer would end it."""
    os._exit(9)


def test_a_photo_is_decoded_in_the_pool_and_stored(app, client, contact):
    cid, headers = contact
    response = upload(client, cid, headers, jpeg(1200, 900))
    assert response.status_code == 201, response.json
    assert (response.json["width"], response.json["height"]) == (1200, 900)
    assert os.getpid() in workers._pools  # this worker's pool did the decoding
    rows, files = stored(app)
    assert rows == 1 and len(files) == 2


@pytest.mark.parametrize("name", sorted(hostile_files()))
def test_a_hostile_file_gets_the_same_4xx_through_the_pool(app, client, contact, name):
    cid, headers = contact
    data, status = hostile_files()[name]
    response = upload(client, cid, headers, data)
    assert response.status_code == status and response.json["message"]
    assert stored(app) == (0, [])


def test_a_dead_decoding_process_is_a_clear_422_and_the_next_photo_works(
        app, client, contact, monkeypatch):
    cid, headers = contact
    monkeypatch.setattr("juror_app.evidence.service.process", die)
    response = upload(client, cid, headers, jpeg())
    assert response.status_code == 422
    assert "Nie udało się przetworzyć tego zdjęcia" in response.json["message"]
    assert stored(app) == (0, [])
    monkeypatch.undo()
    assert upload(client, cid, headers, jpeg()).status_code == 201


def die_once(marker: str) -> str:
    """Dies the first time (as a process another photo brought down), works the second."""
    if not os.path.exists(marker):
        open(marker, "w").close()
        os._exit(9)
    return "decoded"


def test_a_process_lost_once_is_retried_in_a_fresh_pool(tmp_path):
    assert workers.run(1, die_once, str(tmp_path / "died")) == "decoded"
    with pytest.raises(workers.WorkerLost):
        workers.run(1, die)


def test_a_decoding_that_outlives_its_time_is_ended_and_the_pool_renewed():
    started = time.monotonic()
    with pytest.raises(workers.WorkerLost, match="longer than"):
        workers.run(1, time.sleep, 30, timeout=0.5)
    assert time.monotonic() - started < 10
    assert workers.run(1, pow, 2, 10) == 1024


def test_a_photo_that_keeps_the_decoder_busy_is_a_clear_422(app, client, contact, monkeypatch):
    cid, headers = contact
    app.config["PHOTO_DECODE_SECONDS"] = 0.5
    monkeypatch.setattr("juror_app.evidence.service.process", slow)
    response = upload(client, cid, headers, jpeg())
    assert response.status_code == 422
    assert "Nie udało się przetworzyć tego zdjęcia" in response.json["message"]
    assert stored(app) == (0, [])


def slow(*args):
    time.sleep(30)


def test_the_pool_works_at_a_lower_priority_and_in_the_thread_when_off():
    parent = os.nice(0)
    assert workers.run(1, os.nice, 0) == min(parent + workers.NICENESS, 19)
    assert workers.run(0, os.getpid) == os.getpid()
    assert workers.run(1, os.getpid) != os.getpid()


def test_warming_starts_the_pool_without_waiting_and_off_does_nothing(monkeypatch):
    monkeypatch.setattr(workers, "_pools", {})
    workers.warm(0)
    assert workers._pools == {}
    workers.warm(2)
    pool = workers._pools[os.getpid()]
    assert workers.run(2, os.getpid) != os.getpid()
    assert len(pool._processes) == 2  # both started by the warm-up
    pool.shutdown()
