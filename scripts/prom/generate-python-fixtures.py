#!/usr/bin/python3
"""Writes test/fixtures/prom/python-*: real expositions of Debian's python3-prometheus-client.

Run with the system Python (apt-get install python3-prometheus-client):
    /usr/bin/python3 scripts/prom/generate-python-fixtures.py

It registers the metrics prometheus-fastapi-instrumentator's `metrics.default()` creates (same
names, labels, help texts and buckets; the instrumentator itself is not installed here), records
a known set of requests, and takes two scrapes of the default registry (process, platform and gc
collectors included) in both the text format 0.0.4 and OpenMetrics. Between the scrapes exactly
100 requests are recorded, so the tests can check rates and quantiles by hand.
"""
import gc
import json
import os
import time
from importlib import metadata

import prometheus_client
from prometheus_client import REGISTRY, Counter, Histogram, Summary, generate_latest
from prometheus_client.openmetrics import exposition as om

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', '..', 'test', 'fixtures', 'prom')

METRICS = {}


def instrumentator_metrics():
    """Created after the default-only scrape, as the instrumentator creates them on startup."""
    METRICS["total"] = Counter('http_requests_total', 'Total number of requests by method, status and handler.',
                    labelnames=('method', 'status', 'handler'))
    METRICS["in"] = Summary('http_request_size_bytes',
                      'Content length of incoming requests by handler. Only value of header is respected. '
                      'Otherwise ignored. No percentile calculated. ', labelnames=('handler',))
    METRICS["out"] = Summary('http_response_size_bytes',
                       'Content length of outgoing responses by handler. Only value of header is respected. '
                       'Otherwise ignored. No percentile calculated. ', labelnames=('handler',))
    METRICS["highr"] = Histogram('http_request_duration_highr_seconds',
                      'Latency with many buckets but no API specific labels. Made for more accurate percentile calculations. ',
                      buckets=(0.01, 0.025, 0.05, 0.075, 0.1, 0.25, 0.5, 0.75, 1, 1.5, 2, 2.5, 3, 3.5, 4, 4.5, 5, 7.5,
                               10, 30, 60, float('inf')))
    METRICS["lowr"] = Histogram('http_request_duration_seconds',
                     'Latency with only few buckets by handler. Made to be only used if aggregation by handler is important. ',
                     buckets=(0.1, 0.5, 1, float('inf')), labelnames=('method', 'handler'))


def request(method, status, handler, duration, size_in=0, size_out=120):
    """What the instrumentator records for one request (status grouped to 2xx/4xx/5xx)."""
    METRICS['total'].labels(method, status, handler).inc()
    METRICS['in'].labels(handler).observe(size_in)
    METRICS['out'].labels(handler).observe(size_out)
    METRICS['highr'].observe(duration)
    METRICS['lowr'].labels(handler=handler, method=method).observe(duration)


def scrape(name):
    with open(os.path.join(OUT, name + '.txt'), 'wb') as f:
        f.write(generate_latest(REGISTRY))
    with open(os.path.join(OUT, name + '.om.txt'), 'wb') as f:
        f.write(om.generate_latest(REGISTRY))
    return time.time()


def main():
    os.makedirs(OUT, exist_ok=True)
    # Only the default collectors: what any prometheus_client process exposes.
    with open(os.path.join(OUT, 'python-default.txt'), 'wb') as f:
        f.write(generate_latest(REGISTRY))
    with open(os.path.join(OUT, 'python-default.om.txt'), 'wb') as f:
        f.write(om.generate_latest(REGISTRY))
    instrumentator_metrics()

    # Warm-up traffic before the first scrape.
    for _ in range(40):
        request('GET', '2xx', '/items', 0.02)
    request('GET', '4xx', 'none', 0.001)
    t1 = scrape('python-fastapi-1')

    # Between the scrapes: 100 requests with known durations, some CPU work and garbage collections.
    for _ in range(80):
        request('GET', '2xx', '/items', 0.02)
    for _ in range(15):
        request('POST', '2xx', '/items', 0.3, size_in=64)
    for _ in range(5):
        request('GET', '5xx', '/items', 2.0)
    deadline = time.process_time() + 0.3
    x = 0
    while time.process_time() < deadline:
        x += 1
    for _ in range(3):
        gc.collect()
    time.sleep(0.2)
    t2 = scrape('python-fastapi-2')

    with open(os.path.join(OUT, 'python-fastapi.meta.json'), 'w') as f:
        json.dump({
            'generator': 'scripts/prom/generate-python-fixtures.py',
            'library': 'prometheus_client ' + metadata.version('prometheus_client'),
            'contentTypes': {'text': prometheus_client.CONTENT_TYPE_LATEST, 'openmetrics': om.CONTENT_TYPE_LATEST},
            'scrapedAtMs': [round(t1 * 1000), round(t2 * 1000)],
        }, f, indent=2)
        f.write('\n')


if __name__ == '__main__':
    main()
