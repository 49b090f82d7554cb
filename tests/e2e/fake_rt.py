# SPDX-License-Identifier: GPL-3.0-or-later
"""A Request Tracker for the accessibility walk: a loopback HTTP server (plain http, which
Rapport allows to this computer only) that answers like RT 5.0.3 answers sam.agent, from the
captured fixtures of tests/data/rt, enough for "Add Account" to check and add an account with
an API token, for its first sync and for the pulls after it.

The first sync finds two tickets. Ticket 1, "Cancel my subscription before renewal", is the
captured one (record, history, message bodies, Chloé as requestor), only reopened ("open"
rather than "resolved") so that the agent can answer it. Ticket 2's record does not read (its
"Status" is a number, as a broken RT extension could send it): Rapport sets it aside instead
of dropping it silently, so the window shows "1 record from the server could not be read" and
its list of records set aside. No transaction follows the cursor of the first sync.

customer_writes() is the customer answering ticket 1 from their mail while the agent has it
open: from then on the transaction stream after the cursor holds that new Correspond (id 112,
newer than the cursor 111), and the ticket's history and attachments hold it too, as RT would
serve them. The pull Rapport runs before sending a reply fetches it.
"""

import copy
import json
import os
import re
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, unquote, urlsplit

FIXTURES = os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', 'data', 'rt')
# sam.agent's token (user 31): RT's tokens start with the user's id.
TOKEN = '1-31-0e0b319dc88049977c625545f19966ff'
CAPTURED_ORIGIN = 'http://127.0.0.1:36395'
# The ticket the agent answers, and the one set aside: the two the search finds.
TICKET = '1'
DAMAGED_TICKET = '2'
CHLOE = 'chloe.silva@northwind-bakery.example'
# The customer's new message: a transaction after the cursor (transactions-cursor.json: 111),
# and its text part, after the captured attachments (the last is 10).
NEW_TRANSACTION = '112'
NEW_ATTACHMENT = '11'
NEW_MESSAGE = 'Sorry, one more thing: could you also cancel the gift card renewal?'

JSON_TYPE = 'application/json; charset="utf-8"'
ERROR_TYPE = 'application/json; charset=utf-8'


def fixture(name, origin):
    with open(os.path.join(FIXTURES, name), encoding='utf-8') as f:
        return f.read().replace(CAPTURED_ORIGIN, origin)


def empty_page(per_page=20):
    return json.dumps({'count': 0, 'page': 1, 'per_page': per_page, 'total': 0, 'pages': 0,
                       'items': []})


def collection(items, params):
    """One page of items as RT serves a collection to an agent (no total, no next_page)."""
    per_page = min(int(params.get('per_page', ['20'])[0]), 100)
    page = max(int(params.get('page', ['1'])[0]), 1)
    shown = items[(page - 1) * per_page:page * per_page]
    return json.dumps({'count': len(shown), 'page': page, 'per_page': per_page, 'total': None,
                       'pages': None, 'items': shown})


def id_floor(params):
    """The N of "… id > N …" in a TicketSQL or TransactionSQL query; None without."""
    match = re.search(r'(^|\s|\()id\s*>\s*(\d+)', params.get('query', [''])[0])
    return int(match.group(2)) if match else None


class FakeRt:
    def __init__(self):
        self.requests = []
        self.lock = threading.Lock()
        # The customer's new message on ticket 1: (its transaction, its attachment), once
        # customer_writes() has been called.
        self.new_message = None
        fake = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = 'HTTP/1.1'

            def do_GET(self):
                fake.answer(self)

            # A reply would be a POST: recorded (paths()), answered 404 as nothing else is
            # served.
            do_POST = do_GET
            do_PUT = do_GET

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

    def customer_writes(self):
        """Chloé answers ticket 1 now: a Correspond transaction after the cursor, with its
        text, as the captured answer of hers (transaction 57) is served."""
        now = time.strftime('%Y-%m-%dT%H:%M:%SZ', time.gmtime())
        history = json.loads(fixture('ticket-history.json', self.url))['items']
        transaction = copy.deepcopy(next(t for t in history if t['id'] == '57'))
        transaction.update({'id': NEW_TRANSACTION, 'Created': now,
                            '_url': self.url + '/REST/2.0/transaction/' + NEW_TRANSACTION})
        attachments = json.loads(fixture('ticket-attachments.json', self.url))['items']
        attachment = copy.deepcopy(next(a for a in attachments if a['TransactionId'] == '57'))
        attachment.update({'id': NEW_ATTACHMENT, 'TransactionId': NEW_TRANSACTION,
                           'Created': now, 'Content': NEW_MESSAGE,
                           'ContentLength': str(len(NEW_MESSAGE.encode('utf-8'))),
                           '_url': self.url + '/REST/2.0/attachment/' + NEW_ATTACHMENT})
        with self.lock:
            self.new_message = (transaction, attachment)

    def ticket_record(self):
        """Ticket 1 as GET /ticket/1 with its Owner and Queue fields answers it: reopened."""
        record = json.loads(fixture('ticket.json', self.url))
        record['Status'] = 'open'
        record['Resolved'] = '1970-01-01T00:00:00Z'
        record['Owner'].update({'Name': 'sam.agent', 'RealName': 'Sam Rivera'})
        record['Queue']['Name'] = 'Support'
        with self.lock:
            if self.new_message is not None:
                record['LastUpdated'] = self.new_message[0]['Created']
        return record

    def answer(self, handler):
        split = urlsplit(handler.path)
        path, query = unquote(split.path), split.query
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
        params = parse_qs(query)
        with self.lock:
            new_message = self.new_message
        if path in ('user/38', 'user/' + CHLOE):
            return 200, fixture('user-customer.json', self.url)
        if path == 'transactions':
            floor = id_floor(params)
            # The newest transaction (the cursor of a first sync): the captured one.
            if floor is None:
                return 200, fixture('transactions-cursor.json', self.url)
            # After the cursor: the customer's new message once written, then nothing.
            if new_message is not None and floor < int(NEW_TRANSACTION):
                item = {key: new_message[0][key] for key in ('type', 'id', '_url', 'Type',
                                                              'ObjectType', 'ObjectId')}
                return 200, collection([item], params)
            return 200, empty_page()
        if path == 'tickets':
            # The first window of the first sync finds tickets 1 and 2; the windows after it
            # none.
            if id_floor(params) == 0:
                page = json.loads(fixture('search-page-1.json', self.url))
                page['items'] = page['items'][:2]
                page['items'][0]['Status'] = 'open'
                page['items'][1]['Status'] = 5
                page.update({'count': 2, 'total': 2, 'pages': 1, 'page': 1})
                page.pop('next_page', None)
                return 200, json.dumps(page)
            return 200, empty_page()
        if path == 'ticket/' + TICKET:
            return 200, json.dumps(self.ticket_record())
        if path == 'ticket/%s/history' % TICKET:
            items = json.loads(fixture('ticket-history.json', self.url))['items']
            return 200, collection(items + ([new_message[0]] if new_message else []), params)
        if path == 'ticket/%s/attachments' % TICKET:
            items = json.loads(fixture('ticket-attachments.json', self.url))['items']
            return 200, collection(items + ([new_message[1]] if new_message else []), params)
        if path == 'transaction/54/attachments':
            items = json.loads(fixture('transaction-attachments.json', self.url))['items']
            return 200, collection(items, params)
        if path == 'ticket/' + DAMAGED_TICKET:
            record = json.loads(fixture('ticket.json', self.url))
            record.update({'id': int(DAMAGED_TICKET), 'Status': 5})
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
