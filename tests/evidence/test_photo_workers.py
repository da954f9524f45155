"""Photos decoded in low-priority processes (PHOTO_PROCESSES): the same answers, the same
guarantees, and a dying process costs one photo a clear 422, never a stuck phone. A file
too costly to decode (CPU time) is refused for good; a photo a busy server did not get to
in time (wall time) is asked for again (503), never called unreadable."""
from __future__ import annotations

import hashlib
import os
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
import sqlalchemy as sa

from juror_app.core.extensions import db
from juror_app.evidence import workers
from juror_app.models import Photo
from tests.api_support import new_id
from tests.evidence.test_uploads import digest, send
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


def die_soon(*args):
    time.sleep(0.3)
    os._exit(9)


def decode_slowly(*args) -> str:
    time.sleep(1.5)
    return "decoded"


def test_a_photo_is_never_refused_for_another_file_that_ends_the_pool(monkeypatch):
    """A file that kills its process takes down every task of the pool; the good photo
    beside it, retried alone, is decoded (retried in a shared pool again, it would die a
    second time of the same file and be refused as unreadable)."""
    monkeypatch.setattr(workers, "_pools", {})
    with ThreadPoolExecutor(2) as requests:
        workers.warm(2)  # both processes up: the two tasks run side by side
        good = requests.submit(workers.run, 2, decode_slowly)
        time.sleep(0.1)
        bad = requests.submit(workers.run, 2, die_soon)
        assert good.result(timeout=60) == "decoded"
        with pytest.raises(workers.WorkerLost):
            bad.result(timeout=60)


def test_a_decoding_that_outlives_its_wait_is_ended_and_the_pool_renewed():
    started = time.monotonic()
    with pytest.raises(workers.DecodingDelayed, match="in 0.5 s"):
        workers.run(1, time.sleep, 30, timeout=0.5)
    assert time.monotonic() - started < 10
    assert workers.run(1, pow, 2, 10) == 1024


def burn(*args):
    """Stands in for a file built to keep the decoder busy: CPU without end."""
    while True:
        pass


def test_a_decoding_past_its_cpu_time_is_ended_by_the_kernel():
    started = time.monotonic()
    with pytest.raises(workers.WorkerLost):
        workers.run(1, burn, cpu_seconds=1, timeout=60)
    assert time.monotonic() - started < 30  # 1-2 s of CPU per try, two tries
    # The limit counts from each task's start: a pool process that has already worked
    # longer than the limit in total still takes the next photo.
    assert workers.run(1, spend_cpu, 1.5, cpu_seconds=1) == "done"
    assert workers.run(1, spend_cpu, 0.5, cpu_seconds=1) == "done"


def spend_cpu(seconds: float) -> str:
    until = time.process_time() + seconds * 0.6
    while time.process_time() < until:
        pass
    return "done"


def test_a_photo_too_costly_to_decode_is_a_clear_422(app, client, contact, monkeypatch):
    cid, headers = contact
    app.config["PHOTO_DECODE_CPU_SECONDS"] = 1
    monkeypatch.setattr("juror_app.evidence.service.process", burn)
    response = upload(client, cid, headers, jpeg())
    assert response.status_code == 422
    assert "Nie udało się przetworzyć tego zdjęcia" in response.json["message"]
    assert stored(app) == (0, [])


def test_a_photo_the_busy_server_did_not_get_to_is_asked_for_again(
        app, client, contact, monkeypatch):
    cid, headers = contact
    app.config["PHOTO_DECODE_SECONDS"] = 0.5
    monkeypatch.setattr("juror_app.evidence.service.process", slow)
    response = upload(client, cid, headers, jpeg())
    assert response.status_code == 503
    assert response.headers["Retry-After"] == "30"
    assert "wysłane ponownie" in response.json["message"]
    assert stored(app) == (0, [])
    monkeypatch.undo()
    app.config["PHOTO_DECODE_SECONDS"] = 30  # a fresh pool's first photo imports Pillow
    assert upload(client, cid, headers, jpeg()).status_code == 201


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


def test_a_chunked_photo_the_busy_server_did_not_get_to_keeps_its_bytes(
        app, client, contact, monkeypatch):
    """The retry after a 503 only finishes: the phone asks where to resume, hears 'all of
    it', and sends the empty last chunk with the digest; a 4xx would have discarded them."""
    cid, headers = contact
    data, pid = jpeg(1600, 1200), new_id()
    url = f"/api/v1/contacts/{cid}/photos/{pid}/chunks"
    app.config["PHOTO_DECODE_SECONDS"] = 0.5
    monkeypatch.setattr("juror_app.evidence.service.process", slow)
    busy = send(client, cid, pid, data, 0, headers, {"Repr-Digest": digest(data)})
    assert busy.status_code == 503, busy.json
    assert client.get(url, headers=headers).json == {"offset": len(data), "complete": False}
    monkeypatch.undo()
    app.config["PHOTO_DECODE_SECONDS"] = 30
    done = send(client, cid, pid, data, len(data), headers, {"Repr-Digest": digest(data)})
    assert done.status_code == 201, done.json
    assert done.json["sha256"] == hashlib.sha256(data).hexdigest()
    rows, files = stored(app)
    assert rows == 1 and len(files) == 2  # the part file is gone once the photo is stored
