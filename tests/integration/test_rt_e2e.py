#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""End to end against a real Request Tracker: a new user adds an RT account and works a ticket.

Starts a throwaway Request Tracker 5 on 127.0.0.1 (rt-server.sh, in $RAPPORT_RT_WORKDIR),
seeds it over REST2, starts the real rapport with a private data dir and no account, and
drives it the way a person would: it reads the screen from the accessibility tree (AT-SPI)
and presses real keys (XTest, modifiers held down like a person holds them). On the way it
checks the server over REST2, as root, directly:

 1. welcome page -> Add Account... -> URL and sam.agent's token -> Connect -> tickets shown;
 2. a reply (Ctrl+Return): marked as waiting, then sent; on the server exactly once;
 3. an internal note: on the server exactly once, as a comment;
 4. offline: the server stops, Ctrl+R -> the banner says offline; a reply waits in the
    outbox; the cached tickets stay readable and searchable; the server comes back, Ctrl+R ->
    the banner goes and the reply reaches the server exactly once;
 5. the status menu (Ctrl+Shift+S) -> Solved: RT says "resolved";
 6. undo-send: the Undo of the composer's undo bar within the window puts the text back in
    the composer and the server never gets it;
 7. kill -9 of rapport while a reply waits in its undo window and a draft was just typed; on
    the next start the draft is back and the reply reaches the server exactly once;
 8. the token is in no file the app wrote (database, settings, cache, log).

Screenshots go to --output-dir and to /tmp/rt-e2e-*.png. The accessible names it relies on
are those of docs/ui-contract.md and of the widgets (composer, add-account dialog).
Run by run-test.sh (which stops RT whatever happens) under an X display, a session bus and
an unlocked keyring (tools/test). It never skips: what is missing is a failure.
"""

import argparse
import base64
import ctypes
import json
import os
import secrets
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request

TIMEOUT = 30.0
POLL = 0.2
KEY_DELAY = 0.04
MAX_DEPTH = 45
UNDO_SEND_SECONDS = 10   # the GSettings default ("undo-send-seconds"); the test keeps it

# The seed: two customers, one ticket each, written by the customer.
CUSTOMERS = (
    {'email': 'ines.duarte@example.com', 'name': 'Inês Duarte'},
    {'email': 'marek.nowak@example.com', 'name': 'Marek Nowak'},
)
PRINTER = {
    'customer': 0,
    'subject': 'Printer in room 4B jams on every job',
    'content': 'Hi, the printer in room 4B jams on every job since Monday. '
               'The display shows a paper path error.',
    'owner': 'sam.agent',
}
INVOICE = {
    'customer': 1,
    'subject': 'Invoice 2291 shows the wrong billing address',
    'content': 'Hello, invoice 2291 still shows our old billing address in Gdansk. '
               'Could you send a corrected copy?',
    'owner': None,
}
SEARCH_WORD = 'Gdansk'     # in the invoice ticket's first message only
AGENT = 'Sam Rivera'       # sam.agent's real name (rt-server.sh)

KEYSYM = {'Tab': 0xff09, 'Return': 0xff0d, 'Escape': 0xff1b, 'Down': 0xff54, 'Up': 0xff52,
          'Page_Down': 0xff56, 'Page_Up': 0xff55, 'BackSpace': 0xff08, 'space': 0x20}
MODIFIER_KEYSYM = {'ctrl': 0xffe3, 'shift': 0xffe1, 'alt': 0xffe9}

try:
    import gi
    gi.require_version('Atspi', '2.0')
    from gi.repository import Atspi, GLib
    import pyatspi
except (ImportError, ValueError) as import_error:
    print('rt-e2e: FAIL: pyatspi and GObject introspection for AT-SPI are missing for %s (%s). '
          'Install the Debian packages python3-pyatspi and python3-gi (tools/test does).'
          % (sys.executable, import_error), file=sys.stderr)
    sys.exit(1)


class E2EFailure(Exception):
    pass


def say(message):
    print('# %s' % message, flush=True)


# ------------------------------------------------------------------------------------------
# Request Tracker: the server and REST2 as root


class RTServer:
    """rt-server.sh on the work dir run-test.sh made; the secrets stay in their files."""

    def __init__(self, script, workdir):
        self.script = script
        self.workdir = workdir
        self.url = None
        self.running = False

    def secret(self, name):
        path = os.path.join(self.workdir, name)
        mode = os.stat(path).st_mode & 0o777
        if mode & 0o077:
            raise E2EFailure('%s has mode %o; secrets must be 0600' % (path, mode))
        with open(path, encoding='utf-8') as secret_file:
            return secret_file.read().strip()

    def start(self):
        began = time.monotonic()
        done = subprocess.run([self.script, 'start', self.workdir], stdout=subprocess.PIPE,
                              text=True, check=False)
        if done.returncode != 0:
            raise E2EFailure('rt-server.sh start failed with exit code %d (its messages are '
                             'above; server.log and rt.log are in %s). Request Tracker must '
                             'run for this test: tools/test installs it '
                             '(tests/integration/install-rt.sh).'
                             % (done.returncode, self.workdir))
        url = done.stdout.strip()
        if not url.startswith('http://127.0.0.1:'):
            raise E2EFailure('rt-server.sh start printed %r, not a loopback URL' % url)
        if self.url is not None and url != self.url:
            raise E2EFailure('RT came back at %s, not at %s (its port was taken)' % (url, self.url))
        self.url = url
        self.running = True
        return time.monotonic() - began

    def stop(self):
        began = time.monotonic()
        done = subprocess.run([self.script, 'stop', self.workdir], check=False)
        self.running = False
        if done.returncode != 0:
            raise E2EFailure('rt-server.sh stop failed with exit code %d' % done.returncode)
        return time.monotonic() - began


class Rest:
    """REST2 calls; the Authorization header is built in memory and never printed."""

    def __init__(self, server):
        self.server = server

    def request(self, method, path, body=None, expect=(200,), basic=None):
        url = self.server.url + '/REST/2.0/' + path
        data = None
        if body is not None or method in ('POST', 'PUT'):
            data = json.dumps(body if body is not None else {}).encode('utf-8')
        req = urllib.request.Request(url, data=data, method=method)
        if basic is not None:
            credentials = base64.b64encode(('%s:%s' % basic).encode('utf-8')).decode('ascii')
            req.add_header('Authorization', 'Basic ' + credentials)
        else:
            req.add_header('Authorization', 'token ' + self.server.secret('token-root'))
        req.add_header('User-Agent', 'rapport-rt-e2e')
        if data is not None:
            req.add_header('Content-Type', 'application/json')
        try:
            with urllib.request.urlopen(req, timeout=60) as answer:
                status = answer.status
                payload = answer.read()
        except urllib.error.HTTPError as error:
            status = error.code
            payload = error.read()
        except urllib.error.URLError as error:
            raise E2EFailure('%s %s: %s' % (method, path, error.reason)) from None
        if status not in expect:
            raise E2EFailure('%s %s: HTTP %d, expected %s: %s'
                             % (method, path, status, expect, payload[:400].decode('utf-8', 'replace')))
        return json.loads(payload) if payload else None

    def collection(self, path):
        """Every item of a collection, page by page."""
        items = []
        page = 1
        while True:
            separator = '&' if '?' in path else '?'
            answer = self.request('GET', '%s%sper_page=100&page=%d' % (path, separator, page))
            batch = answer.get('items') or []
            items.extend(batch)
            if len(batch) < 100:
                return items
            page += 1

    def ticket(self, ticket_id):
        return self.request('GET', 'ticket/%d' % ticket_id)

    def transactions(self, ticket_id):
        """(type, text) of every transaction of the ticket, oldest first: the text is its first
        text part without a file name (the message body), '' when it has none."""
        parts = self.collection('ticket/%d/attachments?orderby=id&'
                                'fields=TransactionId,ContentType,Filename,Content' % ticket_id)
        first_text = {}
        for part in parts:
            transaction = part.get('TransactionId')
            if (transaction in first_text or not str(part.get('ContentType', '')).startswith('text/')
                    or part.get('Filename') or part.get('Content') is None):
                continue
            first_text[transaction] = part['Content']
        history = self.collection('ticket/%d/history?orderby=id&fields=Type' % ticket_id)
        return [(item.get('Type'), first_text.get(item.get('id'), '')) for item in history]

    def all_text(self, ticket_id):
        """Every text the server holds for the ticket, notifications included."""
        parts = self.collection('ticket/%d/attachments?orderby=id&fields=Content' % ticket_id)
        return [part.get('Content') or '' for part in parts]


def seed(rest):
    """Two customers, each opens a ticket as themselves (basic auth); sam.agent owns one."""
    passwords = {}
    for customer in CUSTOMERS:
        passwords[customer['email']] = secrets.token_urlsafe(18)
        rest.request('POST', 'user', {'Name': customer['email'], 'EmailAddress': customer['email'],
                                      'RealName': customer['name'],
                                      'Password': passwords[customer['email']]},
                     expect=(201,))
    ids = {}
    for ticket in (PRINTER, INVOICE):
        email = CUSTOMERS[ticket['customer']]['email']
        answer = rest.request('POST', 'ticket',
                              {'Queue': 'Support', 'Subject': ticket['subject'],
                               'Requestor': email, 'Content': ticket['content'],
                               'ContentType': 'text/plain'},
                              expect=(201,), basic=(email, passwords[email]))
        ids[ticket['subject']] = int(answer['id'])
    passwords.clear()

    printer = ids[PRINTER['subject']]
    rest.request('PUT', 'ticket/%d' % printer, {'Owner': PRINTER['owner']})
    for ticket in (PRINTER, INVOICE):
        record = rest.ticket(ids[ticket['subject']])
        owner = record['Owner']['id']
        expected_owner = ticket['owner'] or 'Nobody'
        creator = record['Creator']['id']
        requestor = [r['id'] for r in record.get('Requestor', [])]
        email = CUSTOMERS[ticket['customer']]['email']
        if record['Queue']['id'] != '3' and record['Queue'].get('Name') != 'Support':
            raise E2EFailure('ticket %s is not in the Support queue: %r' % (record['id'], record['Queue']))
        if owner != expected_owner or creator != email or requestor != [email]:
            raise E2EFailure('seeded ticket %s: owner %s, creator %s, requestors %s; expected '
                             '%s, %s, [%s]' % (record['id'], owner, creator, requestor,
                                               expected_owner, email, email))
    return ids


# ------------------------------------------------------------------------------------------
# The accessibility tree


def safe_name(acc):
    try:
        return acc.name or ''
    except GLib.GError:
        return ''


def safe_description(acc):
    try:
        return acc.description or ''
    except GLib.GError:
        return ''


def safe_role(acc):
    try:
        return acc.getRole()
    except GLib.GError:
        return None


def has_state(acc, state):
    try:
        return acc.getState().contains(state)
    except GLib.GError:
        return False


def children(acc):
    try:
        count = acc.childCount
    except GLib.GError:
        return []
    result = []
    for i in range(count):
        try:
            child = acc.getChildAtIndex(i)
        except GLib.GError:
            continue
        if child is not None:
            result.append(child)
    return result


def find(root, predicate, prune=None, depth=0):
    """Depth-first search for the first accessible matching predicate."""
    if root is None:
        return None
    if predicate(root):
        return root
    if depth >= MAX_DEPTH or (prune is not None and depth > 0 and prune(root)):
        return None
    for child in children(root):
        found = find(child, predicate, prune, depth + 1)
        if found is not None:
            return found
    return None


def find_all(root, predicate, depth=0, found=None):
    found = [] if found is None else found
    if root is None:
        return found
    if predicate(root):
        found.append(root)
    if depth < MAX_DEPTH:
        for child in children(root):
            find_all(child, predicate, depth + 1, found)
    return found


def dump(acc, max_depth=40, depth=0):
    """The subtree as text (roles, names, descriptions and a few states), for failures.
    Names and descriptions only: never the text of an entry (the token row holds a secret)."""
    if acc is None:
        return '(nothing)'
    try:
        role = acc.getRoleName()
        flags = [label for label, state in (('focused', pyatspi.STATE_FOCUSED),
                                            ('selected', pyatspi.STATE_SELECTED),
                                            ('checked', pyatspi.STATE_CHECKED),
                                            ('pressed', pyatspi.STATE_PRESSED))
                 if has_state(acc, state)]
        if not has_state(acc, pyatspi.STATE_SENSITIVE):
            flags.append('insensitive')
    except GLib.GError as error:
        return '  ' * depth + '(unreadable: %s)' % error.message
    description = safe_description(acc)
    lines = ['%s[%s] "%s"%s%s' % ('  ' * depth, role, safe_name(acc),
                                  (' {%s}' % description) if description else '',
                                  (' (' + ', '.join(flags) + ')') if flags else '')]
    if depth < max_depth:
        for child in children(acc):
            lines.append(dump(child, max_depth, depth + 1))
    return '\n'.join(lines)


def row_label(item):
    """The label of a list row: the first non-empty name, breadth first from the row."""
    queue = [(item, 0)]
    while queue:
        acc, depth = queue.pop(0)
        name = safe_name(acc)
        if name:
            return name
        if depth < 3:
            queue.extend((child, depth + 1) for child in children(acc))
    return ''


def row_labels(list_acc):
    return [row_label(item) for item in children(list_acc)] if list_acc is not None else []


def text_of(acc):
    """The text of a Text accessible (GTK 4.8 answers "" to getText(0, -1))."""
    text = acc.queryText()
    return text.getText(0, text.characterCount)


def button_shows(acc, label):
    """Whether acc is a button showing label. GTK 4.8 names a button with a mnemonic
    "_Label Label" (the raw label, then the labelled-by text), so the visible label is the
    name's end, or a child label."""
    if safe_role(acc) not in (pyatspi.ROLE_PUSH_BUTTON, pyatspi.ROLE_TOGGLE_BUTTON):
        return False
    name = safe_name(acc)
    if name == label or name.endswith(' ' + label):
        return True
    return any(safe_name(child) == label for child in children(acc))


def extents(acc):
    box = acc.queryComponent().getExtents(pyatspi.WINDOW_COORDS)
    return box.x, box.y, box.width, box.height


# ------------------------------------------------------------------------------------------
# The keyboard: real key events through XTest (AT-SPI's device event controller)


class Keyboard:
    """Presses keys as a person does. Modifiers are real key presses held down around the
    key (a locked modifier, AT-SPI's LOCKMODIFIERS, does not reach GTK's shortcut triggers
    for Shift here)."""

    def __init__(self):
        xlib = ctypes.cdll.LoadLibrary('libX11.so.6')
        xlib.XOpenDisplay.restype = ctypes.c_void_p
        xlib.XOpenDisplay.argtypes = [ctypes.c_char_p]
        xlib.XKeysymToKeycode.restype = ctypes.c_ubyte
        xlib.XKeysymToKeycode.argtypes = [ctypes.c_void_p, ctypes.c_ulong]
        xlib.XCloseDisplay.argtypes = [ctypes.c_void_p]
        display = xlib.XOpenDisplay(None)
        if not display:
            raise E2EFailure('cannot open the X display %s' % os.environ.get('DISPLAY'))
        try:
            self.modifier_keycodes = {name: xlib.XKeysymToKeycode(display, keysym)
                                      for name, keysym in MODIFIER_KEYSYM.items()}
        finally:
            xlib.XCloseDisplay(display)
        missing = [name for name, code in self.modifier_keycodes.items() if code == 0]
        if missing:
            raise E2EFailure('the X keyboard map has no key for %s' % ', '.join(missing))

    @staticmethod
    def key(keysym):
        Atspi.generate_keyboard_event(keysym, None, Atspi.KeySynthType.SYM)
        time.sleep(KEY_DELAY)

    def press(self, name):
        """A named key (Tab, Return …) or a character."""
        self.key(KEYSYM[name] if name in KEYSYM else ord(name))

    def chord(self, modifiers, name):
        """e.g. chord(['ctrl', 'shift'], 's')."""
        held = []
        try:
            for modifier in modifiers:
                Atspi.generate_keyboard_event(self.modifier_keycodes[modifier], None,
                                              Atspi.KeySynthType.PRESS)
                held.append(modifier)
                time.sleep(0.02)
            self.press(name)
        finally:
            for modifier in reversed(held):
                Atspi.generate_keyboard_event(self.modifier_keycodes[modifier], None,
                                              Atspi.KeySynthType.RELEASE)
                time.sleep(0.02)
        time.sleep(KEY_DELAY)

    def type(self, text):
        for char in text:
            if not 0x20 <= ord(char) <= 0x7e:
                raise E2EFailure('cannot type %r as a keysym' % char)
            self.key(ord(char))


# ------------------------------------------------------------------------------------------
# The app


class App:
    def __init__(self, binary, schema_dir, output_dir):
        self.binary = binary
        self.schema_dir = schema_dir
        self.scratch = tempfile.mkdtemp(prefix='rapport-rt-e2e.')
        self.log_path = os.path.join(output_dir, 'rt-e2e-rapport.log')
        self.process = None
        self.accessible = None
        self.frame = None

    def start(self, again=False):
        """Start rapport; again=True starts it once more on the same data, settings and cache
        dirs (after a crash), appending to the same log."""
        for sub in ('data', 'config', 'cache'):
            os.makedirs(os.path.join(self.scratch, sub), exist_ok=True)
        env = dict(os.environ)
        for variable in ('GTK_A11Y', 'NO_AT_BRIDGE', 'G_MESSAGES_DEBUG'):
            env.pop(variable, None)
        env.update({
            'XDG_DATA_HOME': os.path.join(self.scratch, 'data'),
            'XDG_CONFIG_HOME': os.path.join(self.scratch, 'config'),
            'XDG_CACHE_HOME': os.path.join(self.scratch, 'cache'),
            'GSETTINGS_BACKEND': 'memory',
            'GSETTINGS_SCHEMA_DIR': self.schema_dir,
            'GSK_RENDERER': 'cairo',
            'GDK_BACKEND': 'x11',
            'G_DEBUG': 'fatal-criticals',
            'LANGUAGE': 'C',
            'LC_ALL': 'C.UTF-8',
        })
        log = open(self.log_path, 'a' if again else 'w', encoding='utf-8')
        try:
            # No --demo, no account: the welcome page.
            self.process = subprocess.Popen([self.binary], env=env, stdout=log,
                                            stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL)
        finally:
            log.close()

    def kill9(self):
        """SIGKILL, as a crash: nothing of the app's own shutdown runs."""
        self.process.kill()
        self.process.wait()
        self.accessible = None
        self.frame = None

    def check_alive(self):
        if self.process is not None and self.process.poll() is not None:
            raise E2EFailure('rapport (pid %d) exited with status %d while the test ran'
                             % (self.process.pid, self.process.returncode))

    def quit(self, keyboard):
        """Ctrl+Q; True when the app then exits by itself with status 0."""
        if self.process is None or self.process.poll() is not None:
            return False
        keyboard.chord(['ctrl'], 'q')
        try:
            return self.process.wait(timeout=15) == 0
        except subprocess.TimeoutExpired:
            return False

    def stop(self):
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=5)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()

    def files_containing(self, needle):
        """Files the app wrote (its data, settings and cache dirs, its log) holding needle."""
        hits = []
        paths = [self.log_path]
        for top, _dirs, files in os.walk(self.scratch):
            paths.extend(os.path.join(top, name) for name in files)
        for path in paths:
            try:
                with open(path, 'rb') as data:
                    if needle.encode('utf-8') in data.read():
                        hits.append(path)
            except OSError:
                continue
        return hits

    def log_tail(self, lines=60):
        try:
            with open(self.log_path, encoding='utf-8', errors='replace') as log:
                return ''.join(log.readlines()[-lines:])
        except OSError as error:
            return '(no log: %s)' % error

    def cleanup(self):
        shutil.rmtree(self.scratch, ignore_errors=True)


def find_app_accessible(pid):
    """The app on the accessibility bus, with libatspi's cache off for it: GTK 4.8 does not
    announce every change (roles of new windows, descriptions), and the test must read what
    is on screen now."""
    desktop = pyatspi.Registry.getDesktop(0)
    for candidate in children(desktop):
        try:
            if candidate.get_process_id() == pid:
                candidate.set_cache_mask(Atspi.Cache.NONE)
                candidate.clear_cache()
                return candidate
        except GLib.GError:
            continue
    return None


# ------------------------------------------------------------------------------------------
# The session: waits, finders and the person's moves


class Session:
    def __init__(self, app, keyboard, rest, output_dir):
        self.app = app
        self.keys = keyboard
        self.rest = rest
        self.output_dir = output_dir
        self.screenshots = []

    # -- waiting -----------------------------------------------------------------------------

    def wait_for(self, what, predicate, timeout=TIMEOUT, context=None):
        """Poll predicate until it returns something true; fail with a tree dump after timeout."""
        deadline = time.monotonic() + timeout
        last_error = None
        while True:
            self.app.check_alive()
            try:
                result = predicate()
            except GLib.GError as error:
                last_error = error.message
                result = None
            if result:
                return result
            if time.monotonic() >= deadline:
                break
            time.sleep(POLL)
        message = 'timed out after %.0f s waiting for %s' % (timeout, what)
        if last_error:
            message += ' (last AT-SPI error: %s)' % last_error
        tree = context() if context is not None else self.app.frame
        message += '\nAccessibility tree:\n' + dump(tree)
        raise E2EFailure(message)

    def wait_list_row_with(self, list_name, text):
        state = {'list': None}

        def check():
            if state['list'] is None:
                state['list'] = self.find_list(list_name)
            return next((label for label in row_labels(state['list']) if text in label), None)

        return self.wait_for('list "%s" to show a row about "%s"' % (list_name, text), check,
                             context=lambda: state['list'] or self.app.frame)

    # -- finders -----------------------------------------------------------------------------

    def find_frame(self, title):
        """A toplevel window of the app by its title. Not by role: a new window can read as a
        filler until GTK has set it up."""
        return next((window for window in children(self.app.accessible)
                     if safe_name(window) == title), None)

    def find_named(self, role, name, root=None):
        def prune(acc):
            # Rows of other lists never hold the lists and controls looked for.
            return safe_role(acc) in (pyatspi.ROLE_LIST, pyatspi.ROLE_LIST_BOX)

        return find(root or self.app.frame,
                    lambda acc: safe_role(acc) == role and safe_name(acc) == name, prune)

    def find_list(self, name):
        return self.find_named(pyatspi.ROLE_LIST, name) or \
            self.find_named(pyatspi.ROLE_LIST_BOX, name)

    def find_button(self, label, root=None):
        return find(root or self.app.frame, lambda acc: button_shows(acc, label))

    def composer(self):
        """The composer: GTK 4.8 names it after its type; later GTK leave it unnamed, and it is
        the nearest ancestor of the text view that holds the button Send."""
        named = find(self.app.frame, lambda acc: safe_name(acc) == 'RapportComposer')
        if named is not None:
            return named
        ancestor = find(self.app.frame, lambda acc: safe_role(acc) == pyatspi.ROLE_TEXT and
                        safe_name(acc) in ('Reply', 'Internal note'))
        while ancestor is not None:
            if self.find_button('Send', ancestor) is not None:
                return ancestor
            ancestor = ancestor.parent
        return None

    def composer_text(self):
        """The composer's text view: accessible name "Reply" or "Internal note"."""
        return find(self.composer(), lambda acc: safe_role(acc) == pyatspi.ROLE_TEXT and
                    safe_name(acc) in ('Reply', 'Internal note'))

    def focused(self, root=None):
        return find(root or self.app.frame, lambda acc: has_state(acc, pyatspi.STATE_FOCUSED))

    def conversation_rows(self):
        return children(self.find_list('Conversation'))

    def conversation_row(self, text):
        for row in self.conversation_rows():
            if text in safe_name(row):
                return row
        return None

    def ticket_rows(self):
        return row_labels(self.find_list('Tickets'))

    def selected_ticket(self):
        tickets = self.find_list('Tickets')
        for item in children(tickets):
            if has_state(item, pyatspi.STATE_SELECTED):
                return row_label(item)
        return None

    def view_selected(self, view):
        views = self.find_list('Views')
        for item in children(views):
            if safe_name(item) == view:
                return has_state(item, pyatspi.STATE_SELECTED)
        return False

    def banner_state(self):
        """(shown, text) of the "Connection status" banner. GTK 4.8 exposes the banner even
        while its revealer is closed (no "showing" state below the window), so shown means the
        revealer around it has a height."""
        banner = self.find_named(pyatspi.ROLE_PANEL, 'Connection status')
        if banner is None:
            banner = find(self.app.frame, lambda acc: safe_name(acc) == 'Connection status')
        if banner is None:
            return None
        revealer = banner.parent
        label = find(banner, lambda acc: safe_role(acc) == pyatspi.ROLE_LABEL)
        text = safe_name(label) if label is not None else ''
        shown = extents(revealer)[3] > 0 and extents(banner)[3] > 0
        return shown, text

    # -- moves -------------------------------------------------------------------------------

    def focus_ticket_list(self):
        """Keyboard focus into the ticket list: Ctrl+F opens the search, Escape leaves it for
        the ticket list (docs/ui-contract.md)."""
        tickets = self.find_list('Tickets')
        if find(tickets, lambda acc: has_state(acc, pyatspi.STATE_FOCUSED)) is not None:
            return
        self.keys.chord(['ctrl'], 'f')
        self.wait_for('the search entry to have the focus after Ctrl+F',
                      lambda: safe_name(self.focused() or tickets) == 'Search tickets and messages')
        self.keys.press('Escape')
        self.wait_for('the ticket list to have the focus after Escape in the search entry',
                      lambda: find(self.find_list('Tickets'),
                                   lambda acc: has_state(acc, pyatspi.STATE_FOCUSED)))

    def select_ticket(self, subject):
        """Select the ticket by j / k from the ticket list, and wait for its conversation."""
        self.focus_ticket_list()
        labels = self.wait_for('"Tickets" to list "%s"' % subject,
                               lambda: [l for l in self.ticket_rows() if subject in l] and
                               self.ticket_rows())
        target = next(i for i, label in enumerate(labels) if subject in label)
        for _ in range(len(labels) + 1):
            selected = self.selected_ticket() or ''
            if subject in selected:
                break
            current = next((i for i, label in enumerate(labels) if label == selected), -1)
            self.keys.press('j' if current < target else 'k')
            self.wait_for('the selection to move away from "%s"' % selected,
                          lambda: (self.selected_ticket() or '') != selected,
                          context=lambda: self.find_list('Tickets'))
        self.wait_for('"%s" to be selected' % subject,
                      lambda: subject in (self.selected_ticket() or ''),
                      context=lambda: self.find_list('Tickets'))

    def focus_composer(self):
        """Tab from where the focus is (the ticket list or the composer's buttons) to the
        composer's text view, as a keyboard user does."""
        text = self.wait_for('the composer', self.composer_text)
        for _ in range(60):
            if has_state(text, pyatspi.STATE_FOCUSED):
                return text
            self.keys.press('Tab')
            time.sleep(0.1)
        raise E2EFailure('Tab never reached the composer; the focus is on %s\n%s'
                         % (dump(self.focused(), max_depth=0), dump(self.app.frame)))

    def set_composer_mode(self, mode):
        """'reply' or 'note': Shift+Tab from the text view to the toggle, Space, Tab back."""
        label = 'Reply' if mode == 'reply' else 'Internal Note'
        accessible_name = 'Reply' if mode == 'reply' else 'Internal note'
        composer = self.composer()
        toggle = self.find_button(label, composer)
        if toggle is None:
            raise E2EFailure('no toggle "%s" in the composer:\n%s' % (label, dump(composer)))
        if not has_state(toggle, pyatspi.STATE_PRESSED):
            self.focus_composer()
            for _ in range(4):
                if has_state(toggle, pyatspi.STATE_FOCUSED):
                    break
                self.keys.chord(['shift'], 'Tab')
                time.sleep(0.1)
            else:
                raise E2EFailure('Shift+Tab from the composer never reached "%s"' % label)
            self.keys.press('space')
            self.wait_for('the toggle "%s" to be pressed' % label,
                          lambda: has_state(toggle, pyatspi.STATE_PRESSED), context=lambda: composer)
        self.wait_for('the composer\'s text view to be named "%s"' % accessible_name,
                      lambda: safe_name(self.composer_text()) == accessible_name,
                      context=lambda: composer)
        return self.focus_composer()

    def write_and_send(self, text, kind):
        """Type text into the composer, Ctrl+Return; returns the time of the send."""
        view = self.focus_composer()
        if text_of(view).strip():
            raise E2EFailure('the composer is not empty before writing: %r' % text_of(view))
        self.keys.type(text)
        self.wait_for('the composer to hold the typed %s' % kind,
                      lambda: text_of(view) == text, context=self.composer)
        sent_at = time.monotonic()
        self.keys.chord(['ctrl'], 'Return')
        return sent_at

    def undo_bar(self, prefix):
        """(label, Undo button) of the composer's undo bar whose text starts with this prefix
        ("Sending the reply in", "Adding the note in"; it counts the seconds down), or None.
        The text sits in a box beside the button, so the button is looked for a few levels
        up."""
        for label in find_all(self.app.frame, lambda acc: safe_role(acc) == pyatspi.ROLE_LABEL and
                              safe_name(acc).startswith(prefix)):
            ancestor = label
            for _ in range(3):
                ancestor = ancestor.parent
                if ancestor is None:
                    break
                button = find(ancestor, lambda acc: button_shows(acc, 'Undo'))
                if button is not None:
                    return label, button
        return None

    def screenshot(self, name, what):
        if shutil.which('import') is None:
            raise E2EFailure('ImageMagick\'s import is missing (Debian package imagemagick)')
        path = os.path.join(self.output_dir, 'rt-e2e-%s.png' % name)
        done = subprocess.run(['import', '-window', 'root', path], capture_output=True, text=True,
                              check=False)
        if done.returncode != 0:
            raise E2EFailure('the screenshot %s failed: %s' % (path, done.stderr.strip()))
        copy = '/tmp/rt-e2e-%s.png' % name
        shutil.copyfile(path, copy)
        self.screenshots.append((path, copy, what))
        say('screenshot (%s): %s, copied to %s' % (what, path, copy))


# ------------------------------------------------------------------------------------------
# Server checks


def count_messages(rest, ticket_id, text):
    """{transaction type: count} of the Create/Correspond/Comment transactions whose body is
    text (compared without surrounding white space)."""
    counts = {}
    for kind, body in rest.transactions(ticket_id):
        if kind in ('Create', 'Correspond', 'Comment') and body.strip() == text.strip():
            counts[kind] = counts.get(kind, 0) + 1
    return counts


def expect_on_server(session, ticket_id, text, kind, timeout=TIMEOUT):
    """Wait until the server has exactly one kind transaction with text and no other."""
    def check():
        counts = count_messages(session.rest, ticket_id, text)
        return counts if counts.get(kind, 0) >= 1 else None

    counts = session.wait_for('ticket %d on the server to have a %s "%s"' % (ticket_id, kind, text),
                              check, timeout=timeout, context=lambda: None)
    if counts != {kind: 1}:
        raise E2EFailure('ticket %d on the server has %s transactions with "%s"; expected exactly '
                         'one %s' % (ticket_id, counts, text, kind))


# ------------------------------------------------------------------------------------------
# The story


class Timer:
    def __init__(self):
        self.began = time.monotonic()
        self.last = self.began
        self.steps = []

    def lap(self, name):
        now = time.monotonic()
        self.steps.append((name, now - self.last))
        self.last = now


def step(timer, message):
    timer.lap(message)
    print('ok %d - %s (%.1f s)' % (len(timer.steps), message, timer.steps[-1][1]), flush=True)


def run(server, app, session, timer, run_id):
    rest = session.rest
    keys = session.keys

    # 1. Request Tracker, seeded.
    started = server.start()
    ids = seed(rest)
    printer, invoice = ids[PRINTER['subject']], ids[INVOICE['subject']]
    step(timer, 'RT started at %s in %.1f s and seeded: ticket %d "%s" (%s, owned by sam.agent), '
         'ticket %d "%s" (%s, owned by nobody)'
         % (server.url, started, printer, PRINTER['subject'], CUSTOMERS[0]['name'], invoice,
            INVOICE['subject'], CUSTOMERS[1]['name']))

    # 2. Rapport without an account: the welcome page.
    app.start()
    app.accessible = session.wait_for('rapport (pid %d) on the accessibility bus' % app.process.pid,
                                      lambda: find_app_accessible(app.process.pid),
                                      context=lambda: pyatspi.Registry.getDesktop(0))
    app.frame = session.wait_for('the frame "Rapport"', lambda: session.find_frame('Rapport'),
                                 context=lambda: app.accessible)
    session.wait_for('the welcome page "Welcome to Rapport" with its button "Add Account…"',
                     lambda: session.find_named(pyatspi.ROLE_PANEL, 'Welcome to Rapport') and
                     session.find_button('Add Account…'))
    step(timer, 'rapport started without an account and shows the welcome page')

    # 3. Add Account…: the dialog, the URL and sam.agent's token, Connect.
    keys.chord(['alt'], 'a')   # the button's mnemonic, "_Add Account…"
    dialog = session.wait_for('the dialog "Add Account" after Alt+A on the welcome page',
                              lambda: session.find_frame('Add Account'),
                              context=lambda: app.accessible)

    def dialog_row(title):
        # The rows sit in a list box, so no pruning of lists here.
        return find(dialog, lambda acc: safe_role(acc) == pyatspi.ROLE_TEXT and
                    safe_name(acc) == title)

    url_row = session.wait_for('the row "Server Address"', lambda: dialog_row('Server Address'),
                               context=lambda: dialog)
    session.wait_for('the row "API Token"', lambda: dialog_row('API Token'), context=lambda: dialog)
    keys.chord(['alt'], 's')   # "_Server Address"
    keys.type(server.url)
    session.wait_for('"Server Address" to hold %s' % server.url,
                     lambda: text_of(url_row) == server.url, context=lambda: dialog)
    keys.chord(['alt'], 't')   # "API _Token"; typed from the file, never printed or read back
    keys.type(server.secret('token-sam'))
    keys.press('Return')       # Enter in the token row connects
    connect_began = time.monotonic()

    def dialog_closed():
        if session.find_frame('Add Account') is None:
            return True
        # The dialog's problem label has the role alert; hidden, it is not in the tree.
        problem = find(dialog, lambda acc: safe_role(acc) in (pyatspi.ROLE_ALERT,
                                                              pyatspi.ROLE_NOTIFICATION) and
                       safe_name(acc) != '')
        if problem is not None:
            raise E2EFailure('the dialog says: %s\n%s' % (safe_name(problem), dump(dialog)))
        return False

    session.wait_for('the dialog to check the account and close', dialog_closed, timeout=60,
                     context=lambda: dialog)
    step(timer, 'Add Account…: typed the URL and the token, Enter; the dialog checked the account '
         'and closed after %.1f s' % (time.monotonic() - connect_began))

    first = session.wait_for('"Tickets" (My open) to show "%s"' % PRINTER['subject'],
                             lambda: next((l for l in session.ticket_rows()
                                           if PRINTER['subject'] in l), None),
                             timeout=60)
    if not first.startswith(CUSTOMERS[0]['name'] + ', '):
        raise E2EFailure('the row of "%s" should start with its requester %s: %s'
                         % (PRINTER['subject'], CUSTOMERS[0]['name'], first))
    if any(INVOICE['subject'] in label for label in session.ticket_rows()):
        raise E2EFailure('My open shows the unassigned ticket "%s": %s'
                         % (INVOICE['subject'], session.ticket_rows()))
    keys.chord(['alt'], '3')
    session.wait_for('the view "All open" to be selected after Alt+3',
                     lambda: session.view_selected('All open'),
                     context=lambda: session.find_list('Views'))
    labels = session.wait_for('"Tickets" (All open) to show both seeded tickets',
                              lambda: (lambda rows: rows if any(PRINTER['subject'] in r for r in rows)
                                       and any(INVOICE['subject'] in r for r in rows) else None)(
                                  session.ticket_rows()),
                              context=lambda: session.find_list('Tickets'))
    if len(labels) != 2:
        raise E2EFailure('All open should list exactly the 2 seeded tickets: %s' % labels)
    step(timer, 'the ticket list filled: My open shows "%s"; All open (Alt+3) shows %s'
         % (first, ' | '.join(labels)))
    session.screenshot('1-account-added', 'after adding the account, All open with both tickets')

    # 4. A reply on the printer ticket.
    session.select_ticket(PRINTER['subject'])
    session.wait_for('the conversation to show %s\'s first message' % CUSTOMERS[0]['name'],
                     lambda: next((safe_name(r) for r in session.conversation_rows()
                                   if safe_name(r).startswith(CUSTOMERS[0]['name'] + ', Message, ')
                                   and PRINTER['content'] in safe_name(r)), None),
                     context=lambda: session.find_list('Conversation'))
    session.set_composer_mode('reply')
    reply = ('Hi Ines, thanks for the report. A technician will look at the printer in room 4B '
             'this afternoon. Ref %s-reply' % run_id)
    sent_at = session.write_and_send(reply, 'reply')
    row = session.wait_for('the reply in the conversation, marked as waiting to be sent',
                           lambda: (lambda r: r if r is not None and
                                    safe_description(r) == 'Waiting to be sent, can still be undone'
                                    else None)(session.conversation_row(reply)),
                           context=lambda: session.find_list('Conversation'))
    if not safe_name(row).startswith(AGENT + ', Reply, '):
        raise E2EFailure('the reply\'s row should read "%s, Reply, …": %s' % (AGENT, safe_name(row)))
    if text_of(session.composer_text()).strip():
        raise E2EFailure('the composer still holds text after Ctrl+Return')
    session.wait_for('the undo bar "Sending the reply in N s…"',
                     lambda: session.undo_bar('Sending the reply in '))
    queued_after = time.monotonic() - sent_at
    session.wait_for('the reply to be sent (its row no longer waiting)',
                     lambda: (lambda r: r is not None and safe_description(r) == '')(
                         session.conversation_row(reply)),
                     timeout=UNDO_SEND_SECONDS + 40,
                     context=lambda: session.find_list('Conversation'))
    sent_after = time.monotonic() - sent_at
    expect_on_server(session, printer, reply, 'Correspond')
    step(timer, 'reply: shown as waiting %.1f s after Ctrl+Return, sent %.1f s after it (undo '
         'window %d s); the server has it once, as Correspond'
         % (queued_after, sent_after, UNDO_SEND_SECONDS))

    # 5. An internal note.
    session.set_composer_mode('note')
    note = ('Paper path sensor on the 4B printer looks worn; a spare part is ordered. Ref %s-note'
            % run_id)
    sent_at = session.write_and_send(note, 'note')
    row = session.wait_for('the note in the conversation, marked as waiting to be sent',
                           lambda: (lambda r: r if r is not None and
                                    safe_description(r) == 'Waiting to be sent, can still be undone'
                                    else None)(session.conversation_row(note)),
                           context=lambda: session.find_list('Conversation'))
    if not safe_name(row).startswith(AGENT + ', Internal note, '):
        raise E2EFailure('the note\'s row should read "%s, Internal note, …": %s'
                         % (AGENT, safe_name(row)))
    session.wait_for('the undo bar "Adding the note in N s…"',
                     lambda: session.undo_bar('Adding the note in '))
    session.wait_for('the note to be sent',
                     lambda: (lambda r: r is not None and safe_description(r) == '')(
                         session.conversation_row(note)),
                     timeout=UNDO_SEND_SECONDS + 40,
                     context=lambda: session.find_list('Conversation'))
    sent_after = time.monotonic() - sent_at
    expect_on_server(session, printer, note, 'Comment')
    step(timer, 'internal note (Internal Note toggle): sent %.1f s after Ctrl+Return; the server '
         'has it once, as Comment' % sent_after)
    session.set_composer_mode('reply')

    # 6. Offline: the server goes away.
    stopped = server.stop()
    keys.chord(['ctrl'], 'r')
    session.wait_for('the "Connection status" banner to say offline after Ctrl+R',
                     lambda: (lambda state: state is not None and state[0] and
                              state[1].startswith('Offline'))(session.banner_state()))
    banner_text = session.banner_state()[1]
    step(timer, 'RT stopped (%.1f s); Ctrl+R; the banner says "%s"' % (stopped, banner_text))

    offline = ('Quick update: the spare part is on its way, we fit it tomorrow morning. Ref %s-offline'
               % run_id)
    sent_at = session.write_and_send(offline, 'offline reply')
    session.wait_for('the offline reply to wait in the outbox ("Waiting to send (offline)")',
                     lambda: (lambda r: r is not None and
                              safe_description(r) == 'Waiting to send (offline)')(
                         session.conversation_row(offline)),
                     timeout=UNDO_SEND_SECONDS + 30,
                     context=lambda: session.find_list('Conversation'))
    step(timer, 'offline reply queued: "Waiting to send (offline)" %.1f s after Ctrl+Return'
         % (time.monotonic() - sent_at))
    session.screenshot('2-offline', 'offline banner, the reply waiting in the outbox')

    rows = session.ticket_rows()
    if not any(PRINTER['subject'] in r for r in rows) or not any(INVOICE['subject'] in r for r in rows):
        raise E2EFailure('offline, the ticket list lost the cached tickets: %s' % rows)
    if session.conversation_row(PRINTER['content']) is None or session.conversation_row(reply) is None:
        raise E2EFailure('offline, the conversation lost its messages:\n%s'
                         % dump(session.find_list('Conversation')))
    keys.chord(['ctrl'], 'f')
    session.wait_for('the search entry to have the focus after Ctrl+F',
                     lambda: safe_name(session.focused()) == 'Search tickets and messages')
    keys.type(SEARCH_WORD)
    hit = session.wait_list_row_with('Search results', INVOICE['subject'])
    keys.press('Escape')
    session.wait_for('the ticket list to have the focus after Escape',
                     lambda: find(session.find_list('Tickets'),
                                  lambda acc: has_state(acc, pyatspi.STATE_FOCUSED)))
    step(timer, 'offline, the cached tickets stay listed and readable; searching "%s" (Ctrl+F) '
         'found "%s"' % (SEARCH_WORD, hit))

    restarted = server.start()
    keys.chord(['ctrl'], 'r')
    session.wait_for('the banner to go after RT came back and Ctrl+R',
                     lambda: (lambda state: state is not None and not state[0])(session.banner_state()))
    session.wait_for('the offline reply to be sent',
                     lambda: (lambda r: r is not None and safe_description(r) == '')(
                         session.conversation_row(offline)),
                     context=lambda: session.find_list('Conversation'))
    expect_on_server(session, printer, offline, 'Correspond')
    step(timer, 'RT back (%.1f s, same URL); Ctrl+R; the banner went and the queued reply reached '
         'the server once' % restarted)

    # 7. Status: Solved through the status menu.
    session.select_ticket(PRINTER['subject'])
    keys.chord(['ctrl', 'shift'], 's')
    solved = session.wait_for('the status menu with "Solved" after Ctrl+Shift+S',
                              lambda: find(app.frame, lambda acc: safe_role(acc) in (
                                  pyatspi.ROLE_MENU_ITEM, pyatspi.ROLE_RADIO_MENU_ITEM,
                                  pyatspi.ROLE_CHECK_MENU_ITEM) and safe_name(acc) == 'Solved'))
    for _ in range(6):
        if has_state(solved, pyatspi.STATE_FOCUSED):
            break
        keys.press('Down')
        time.sleep(0.1)
    else:
        raise E2EFailure('Down never reached "Solved" in the status menu:\n%s' % dump(solved.parent))
    keys.press('Return')
    changed_at = time.monotonic()
    session.wait_for('"%s" to leave All open once it is Solved' % PRINTER['subject'],
                     lambda: not any(PRINTER['subject'] in r for r in session.ticket_rows()),
                     context=lambda: session.find_list('Tickets'))
    left_after = time.monotonic() - changed_at
    session.wait_for('RT to say ticket %d is resolved' % printer,
                     lambda: rest.ticket(printer)['Status'] == 'resolved', context=lambda: None)
    on_server = time.monotonic() - changed_at
    # Recently solved lists tickets by the server's solved date, which comes with a pull.
    keys.chord(['ctrl'], 'r')
    keys.chord(['alt'], '4')
    session.wait_for('"Recently solved" (Alt+4) to list "%s" as Solved after Ctrl+R'
                     % PRINTER['subject'],
                     lambda: any(PRINTER['subject'] + ', Solved, ' in r for r in session.ticket_rows()),
                     context=lambda: session.find_list('Tickets'))
    step(timer, 'status menu (Ctrl+Shift+S, Down to "Solved", Enter): the ticket left All open '
         'after %.1f s, RT says "resolved" after %.1f s; after Ctrl+R Recently solved (Alt+4) '
         'lists it as Solved' % (left_after, on_server))

    # 8. Undo-send on the invoice ticket.
    keys.chord(['alt'], '3')
    session.wait_for('the view "All open" after Alt+3', lambda: session.view_selected('All open'))
    session.select_ticket(INVOICE['subject'])
    session.wait_for('the conversation of "%s"' % INVOICE['subject'],
                     lambda: session.conversation_row(INVOICE['content']))
    session.set_composer_mode('reply')
    undone = 'Hello Marek, the corrected invoice 2291 is attached. Ref %s-undo' % run_id
    sent_at = session.write_and_send(undone, 'reply to take back')
    _label, undo = session.wait_for('the undo bar with Undo',
                                    lambda: session.undo_bar('Sending the reply in '),
                                    timeout=UNDO_SEND_SECONDS / 2)
    session.wait_for('the reply in the conversation before Undo',
                     lambda: session.conversation_row(undone), timeout=UNDO_SEND_SECONDS / 2)
    # The bar's button through its AT-SPI action (what a screen reader does): GTK 4.8 gives
    # extents relative to the window, off by its client-side margin, so a pointer click would
    # be a guess.
    action = undo.queryAction()
    names = [action.getName(i) for i in range(action.nActions)]
    if 'click' not in names:
        raise E2EFailure('the undo bar\'s Undo button has no click action: %s' % names)
    action.doAction(names.index('click'))
    undo_after = time.monotonic() - sent_at
    if undo_after >= UNDO_SEND_SECONDS:
        raise E2EFailure('Undo came %.1f s after Ctrl+Return, past the %d s window'
                         % (undo_after, UNDO_SEND_SECONDS))
    session.wait_for('the text to be back in the composer after Undo',
                     lambda: text_of(session.composer_text()) == undone, context=session.composer)
    session.wait_for('the reply to leave the conversation after Undo',
                     lambda: session.conversation_row(undone) is None,
                     context=lambda: session.find_list('Conversation'))
    remaining = UNDO_SEND_SECONDS + 5 - (time.monotonic() - sent_at)
    if remaining > 0:
        time.sleep(remaining)
    keys.chord(['ctrl'], 'r')
    time.sleep(3)
    leaked = [t for t in (invoice, printer) if any(undone in text for text in rest.all_text(t))]
    if leaked:
        raise E2EFailure('the server got the reply that was taken back, on ticket(s) %s' % leaked)
    if text_of(session.composer_text()) != undone:
        raise E2EFailure('the composer lost the text that was taken back: %r'
                         % text_of(session.composer_text()))
    step(timer, 'undo-send: the undo bar\'s Undo %.1f s after Ctrl+Return put the text back in the '
         'composer; %.0f s later the server has not got it' % (undo_after, time.monotonic() - sent_at))
    session.screenshot('3-end', 'end state: invoice ticket with the taken-back text in the composer')

    # 8b. kill -9 while a reply waits in its undo window and a draft was just typed; start
    # rapport again: the reply goes out once, the draft is back.
    crash_reply = 'The corrected invoice 2291 is on its way. Ref %s-crash' % run_id
    crash_draft = 'Draft typed just before the crash. Ref %s-draft' % run_id
    view = session.focus_composer()
    keys.chord(['ctrl'], 'a')
    keys.type(crash_reply)
    session.wait_for('the composer to hold the reply typed over the taken-back text',
                     lambda: text_of(session.composer_text()) == crash_reply,
                     context=session.composer)
    keys.chord(['ctrl'], 'Return')
    session.wait_for('the reply to show in the conversation (waiting in its undo window)',
                     lambda: session.conversation_row(crash_reply),
                     context=lambda: session.find_list('Conversation'))
    view = session.focus_composer()
    keys.type(crash_draft)
    session.wait_for('the composer to hold the draft', lambda: text_of(view) == crash_draft,
                     context=session.composer)
    time.sleep(2.0)   # a draft is saved about 0.7 s after the last key
    killed_pid = app.process.pid
    app.kill9()
    if count_messages(rest, invoice, crash_reply):
        raise E2EFailure('the reply reached the server before its undo window ended')

    app.start(again=True)
    app.accessible = session.wait_for('rapport on the accessibility bus again',
                                      lambda: find_app_accessible(app.process.pid),
                                      context=lambda: pyatspi.Registry.getDesktop(0))
    app.frame = session.wait_for('the frame "Rapport" again', lambda: session.find_frame('Rapport'),
                                 context=lambda: app.accessible)
    keys.chord(['alt'], '3')
    session.wait_for('the view "All open" after the restart',
                     lambda: session.view_selected('All open'),
                     context=lambda: session.find_list('Views'))
    session.select_ticket(INVOICE['subject'])
    session.wait_for('the draft to be back in the composer after the crash',
                     lambda: text_of(session.composer_text()) == crash_draft,
                     context=session.composer)
    expect_on_server(session, invoice, crash_reply, 'Correspond', timeout=60)
    step(timer, 'kill -9 (pid %d) with a reply in its undo window and a fresh draft; after the '
         'restart the draft is back in the composer and the reply reached the server exactly once'
         % killed_pid)

    # 9. Exactly once, once more at the end; the status; the token in no file.
    if count_messages(rest, invoice, crash_reply) != {'Correspond': 1}:
        raise E2EFailure('at the end, the invoice ticket has %s transactions with the reply sent '
                         'across the crash; expected exactly one Correspond'
                         % count_messages(rest, invoice, crash_reply))
    for text, kind in ((reply, 'Correspond'), (note, 'Comment'), (offline, 'Correspond')):
        counts = count_messages(rest, printer, text)
        if counts != {kind: 1}:
            raise E2EFailure('at the end, ticket %d has %s transactions with "%s"; expected '
                             'exactly one %s' % (printer, counts, text, kind))
    if rest.ticket(printer)['Status'] != 'resolved':
        raise E2EFailure('at the end, ticket %d is %s, not resolved'
                         % (printer, rest.ticket(printer)['Status']))
    if count_messages(rest, invoice, undone):
        raise E2EFailure('the invoice ticket has the taken-back reply')
    token = server.secret('token-sam')
    holders = app.files_containing(token)
    token = None
    if holders:
        raise E2EFailure('the API token is written in %s' % ', '.join(holders))
    quit_ok = app.quit(keys)
    if not quit_ok:
        raise E2EFailure('rapport did not exit with status 0 within 15 s of Ctrl+Q')
    step(timer, 'at the end the server still has each message exactly once and the ticket '
         'resolved; the token is in none of the app\'s files or its log; Ctrl+Q quit cleanly')




def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument('--rapport', required=True, help='the built rapport executable')
    parser.add_argument('--schema-dir', required=True, help='the dir with gschemas.compiled')
    parser.add_argument('--rt-server', required=True, help='tests/integration/rt-server.sh')
    parser.add_argument('--output-dir', required=True, help='where screenshots and the log go')
    args = parser.parse_args()

    problems = []
    for variable, why in (('DISPLAY', 'an X server for XTest key events (tools/test, xvfb-run)'),
                          ('DBUS_SESSION_BUS_ADDRESS', 'a session bus for AT-SPI and the keyring '
                           '(tools/test, dbus-run-session)'),
                          ('RAPPORT_RT_WORKDIR', 'a work dir for RT (run it through run-test.sh)')):
        if not os.environ.get(variable):
            problems.append('%s is not set; the test needs %s' % (variable, why))
    if not os.access(args.rapport, os.X_OK):
        problems.append('%s is not an executable; build the project first' % args.rapport)
    if not os.path.isfile(os.path.join(args.schema_dir, 'gschemas.compiled')):
        problems.append('no compiled GSettings schema in %s' % args.schema_dir)
    if shutil.which('import') is None:
        problems.append('ImageMagick\'s import is missing (Debian package imagemagick)')
    if not problems:
        check = subprocess.run([args.rt_server, 'check'], check=False)
        if check.returncode != 0:
            problems.append('Request Tracker cannot run here (rt-server.sh check exited %d, see '
                            'above); tools/test installs it' % check.returncode)
    if problems:
        for problem in problems:
            print('rt-e2e: FAIL: %s' % problem, file=sys.stderr)
        return 1

    def on_term(signum, _frame):
        raise SystemExit(128 + signum)

    signal.signal(signal.SIGTERM, on_term)
    signal.signal(signal.SIGHUP, on_term)

    os.makedirs(args.output_dir, exist_ok=True)
    # Pictures of an earlier run would pass for this one's.
    for directory in (args.output_dir, '/tmp'):
        for name in os.listdir(directory):
            if name.startswith('rt-e2e-') and name.endswith('.png'):
                os.remove(os.path.join(directory, name))
    server = RTServer(args.rt_server, os.environ['RAPPORT_RT_WORKDIR'])
    app = App(args.rapport, args.schema_dir, args.output_dir)
    timer = Timer()
    run_id = 'E2E-%s' % secrets.token_hex(3)
    session = None
    status = 1
    try:
        keyboard = Keyboard()
        session = Session(app, keyboard, Rest(server), args.output_dir)
        say('run %s: rapport %s, RT work dir %s, output in %s'
            % (run_id, args.rapport, server.workdir, args.output_dir))
        run(server, app, session, timer, run_id)
        status = 0
    except E2EFailure as failure:
        print('not ok - %s' % failure, file=sys.stderr, flush=True)
    except Exception:  # a bug of the test itself or an AT-SPI error: show it like a failure
        import traceback
        traceback.print_exc()
    finally:
        if status != 0 and app.process is not None and session is not None:
            print('# rapport\'s log (%s), last lines:\n%s' % (app.log_path, app.log_tail()),
                  file=sys.stderr, flush=True)
            try:
                session.screenshot('failure', 'at the failure')
            except Exception as error:  # pylint: disable=broad-except
                print('# no failure screenshot: %s' % error, file=sys.stderr)
        app.stop()
        app.cleanup()
        if server.running:
            try:
                server.stop()
            except E2EFailure as failure:
                print('# %s' % failure, file=sys.stderr)

    for name, seconds in timer.steps:
        say('%6.1f s  %s' % (seconds, name[:90]))
    say('total %.1f s' % (time.monotonic() - timer.began))
    if status == 0:
        print('rt-e2e: all %d steps passed in %.1f s' % (len(timer.steps),
                                                          time.monotonic() - timer.began), flush=True)
    return status


if __name__ == '__main__':
    sys.exit(main())
