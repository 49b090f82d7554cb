# SPDX-License-Identifier: GPL-3.0-or-later
"""A Request Tracker for the accessibility walk: a loopback HTTP server (plain http, which
Rapport allows to this computer only) that answers like RT 5.0.3 answers sam.agent, from the
captured fixtures of tests/data/rt, enough for "Add Account" to check and add an account with
an API token, and for its first sync.

That sync meets one ticket whose record does not read (its "Status" is a number, as a broken
RT extension could send it): Rapport sets it aside instead of dropping it silently, so the
window shows "1 record from the server could not be read" and its list of records set aside.
Everything else is an empty helpdesk: no other ticket, no transaction after the cursor.
"""

import json
import os
import re
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import urlsplit

FIXTURES = os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', 'data', 'rt')
# sam.agent's token (user 31): RT's tokens start with the user's id.
TOKEN = '1-31-0e0b319dc88049977c625545f19966ff'
CAPTURED_ORIGIN = 'http://127.0.0.1:36395'
# The ticket set aside: the first and only one the search finds.
DAMAGED_TICKET = '1'

JSON_TYPE = 'application/json; charset="utf-8"'
ERROR_TYPE = 'application/json; charset=utf-8'


def fixture(name, origin):
    with open(os.path.join(FIXTURES, name), encoding='utf-8') as f:
        return f.read().replace(CAPTURED_ORIGIN, origin)


def empty_page(per_page=20):
    return json.dumps({'count': 0, 'page': 1, 'per_page': per_page, 'total': 0, 'pages': 0,
                       'items': []})


class FakeRt:
    def __init__(self):
        self.requests = []
        self.lock = threading.Lock()
        fake = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = 'HTTP/1.1'

            def do_GET(self):
                fake.answer(self)

            def log_message(self, format, *args):
                pass

        self.server = ThreadingHTTPServer(('127.0.0.1', 0), Handler)
        self.server.daemon_threads = True
        self.url = 'http://127.0.0.1:%d' % self.server.server_address[1]
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def stop(self):
        self.server.shutdown()
        self.server.server_close()

    def paths(self):
        with self.lock:
            return list(self.requests)

    def answer(self, handler):
        split = urlsplit(handler.path)
        path, query = split.path, split.query
        with self.lock:
            self.requests.append(handler.path)
        if handler.headers.get('Authorization') != 'token ' + TOKEN:
            self.respond(handler, 401, ERROR_TYPE, '{"message":"Unauthorized"}')
            return
        status, body = self.route(path, query)
        self.respond(handler, status, JSON_TYPE if status == 200 else ERROR_TYPE, body)

    def route(self, path, query):
        api = '/REST/2.0/'
        if not path.startswith(api):
            return 404, '{"message":"Not Found"}'
        path = path[len(api):]
        if path == 'rt':
            return 200, fixture('rt.json', self.url)
        if path in ('user/31', 'user/sam.agent'):
            return 200, fixture('user-agent.json', self.url)
        if path == 'queues/all':
            return 200, json.dumps({
                'count': 1, 'page': 1, 'per_page': 1, 'total': 1, 'pages': 1,
                'items': [{'type': 'queue', 'id': '3',
                           '_url': self.url + '/REST/2.0/queue/3'}]})
        if path == 'transactions':
            # The newest transaction (the cursor of a first sync): the captured one; after it,
            # nothing.
            if 'order=DESC' in query and '%3E' not in query:
                return 200, fixture('transactions-cursor.json', self.url)
            return 200, empty_page()
        if path == 'tickets':
            # The first window of the first sync finds ticket 1; the windows after it none.
            if re.search(r'id(%20|\+| )*(%3E|>)(%20|\+| )*0(\b|%20|&|$)', query):
                page = json.loads(fixture('search-page-1.json', self.url))
                page['items'] = page['items'][:1]
                page['items'][0]['Status'] = 5
                page.update({'count': 1, 'total': 1, 'pages': 1, 'page': 1})
                page.pop('next_page', None)
                return 200, json.dumps(page)
            return 200, empty_page()
        if path == 'ticket/' + DAMAGED_TICKET:
            record = json.loads(fixture('ticket.json', self.url))
            record['Status'] = 5
            return 200, json.dumps(record)
        return 404, '{"message":"Not Found"}'

    @staticmethod
    def respond(handler, status, content_type, body):
        data = body.encode('utf-8')
        handler.send_response(status)
        handler.send_header('Content-Type', content_type)
        handler.send_header('Content-Length', str(len(data)))
        handler.end_headers()
        handler.wfile.write(data)
