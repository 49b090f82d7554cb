#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""End to end against a real Request Tracker: an agent goes over the limit, a supervisor approves.

Starts a throwaway Request Tracker 5 (rt-server.sh, in $RAPPORT_RT_WORKDIR), loads the
project's server side into it as an administrator does (rt-money-setup.pl: the datafile
data/rt/rapport-authority.pl, the people ana.agent of "Rapport Agents" and vic.supervisor of
"Rapport Supervisors", each with their own token), and opens a customer's ticket for ana.
Then two real rapports, each with its own home, data, settings and cache dirs, its own session
bus and its own unlocked keyring (they share the X display and the accessibility bus), are
driven the way people drive them: through the accessibility tree (AT-SPI) and real key
events (XTest).

 1. ana adds her account (Add Account…, her token), opens the ticket, Ctrl+Shift+R: a $80.00
    refund; the dialog's verdict says it needs a supervisor's approval; Enter, the reason,
    Enter; the ticket shows "Awaiting approval"; RT holds the money ticket and its approval;
 2. vic adds his account in his own rapport; the view "Approvals" lists the request; Tab, the
    request, Enter, a note, Alt+A; RT says the approval is resolved by vic.supervisor and the
    money ticket is open;
 3. vic's rapport quits; in ana's rapport Ctrl+R: the request is no longer awaiting approval,
    the ticket shows "Refund of $80.00 approved" with vic's note (from the decision record RT
    wrote on her money ticket: she cannot read the approval) and the customer's money summary
    counts the refund.

With --app-command (e.g. "flatpak run --die-with-parent io.github.rapportdesk.Rapport") each
rapport is started by that command instead of --rapport; with --flatpak-app-id as well, each
person's home is then checked after the run (tools/flatpak): the database lives under
~/.var/app/<app-id>, the token is in no file in clear, and the sandboxed app's Secret portal
keyring (~/.var/app/<app-id>/data/keyrings) gives it back.

The helpers (RT, REST2, the tree, the keyboard) are those of test_rt_e2e.py. Screenshots go to
--output-dir and to /tmp/rt-money-e2e-*.png. Run by run-test.sh under an X display and a
session bus (tools/test). It never skips: what is missing is a failure.
"""

import argparse
import os
import secrets
import shlex
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from urllib.parse import quote

# The test's own process reads a bus where applications come and go: libatspi warns when one
# has gone between two calls, which is no failure of Rapport (whose processes keep their own
# G_DEBUG, below). GLib reads G_DEBUG when it is loaded, so before gi is imported.
os.environ.pop('G_DEBUG', None)
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', 'e2e'))
# pylint: disable=wrong-import-position
import test_rt_e2e as rt  # noqa: E402
from a11y_process import started_by  # noqa: E402
from test_rt_e2e import (E2EFailure, children, dump, find, has_state, pyatspi, row_label,  # noqa: E402
                         row_labels, safe_name, safe_role, say, step, text_of)
from gi.repository import Gio, GLib  # noqa: E402
from x_focus import give_focus_back  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
CUSTOMER = {'email': 'chloe.money@example.com', 'name': 'Chloé Money'}
TICKET = {'subject': 'Charged twice for order 1042',
          'content': 'Hello, my card was charged twice for order 1042. Could you refund one?'}
AMOUNT = '80'
VERDICT = 'Needs supervisor approval: $80.00 is $30.00 over your refund limit'
AGENT = 'Ana Agent'                 # ana.agent's real name (rt-money-setup.pl)
SUPERVISOR = 'vic.supervisor'


def a11y_bus_address():
    """The accessibility bus of this session: each rapport runs on a session bus of its own,
    so it is told where the accessibility bus is."""
    bus = Gio.bus_get_sync(Gio.BusType.SESSION, None)
    answer = bus.call_sync('org.a11y.Bus', '/org/a11y/bus', 'org.a11y.Bus', 'GetAddress', None,
                           GLib.VariantType('(s)'), Gio.DBusCallFlags.NONE, 10000, None)
    return answer.unpack()[0]


def row_description(field):
    """The description of an entry row's text field: on the field (libadwaita 1.2), or on the
    list item around it (libadwaita 1.7, where the row is the list item)."""
    acc = field
    for _ in range(4):
        if acc is None:
            break
        description = rt.safe_description(acc)
        if description or safe_role(acc) == pyatspi.ROLE_LIST_ITEM:
            return description
        try:
            acc = acc.parent
        except GLib.GError:
            break
    return ''


class PersonApp(rt.App):
    """rapport as one person: its own home and XDG dirs, session bus and keyring. app_command
    (a list), when given, starts rapport instead of binary (e.g. flatpak run)."""

    def __init__(self, binary, schema_dir, output_dir, who, a11y_address, app_command=None):
        super().__init__(binary, schema_dir, output_dir)
        self.who = who
        self.a11y_address = a11y_address
        self.app_command = app_command
        self.log_path = os.path.join(output_dir, 'rt-money-e2e-%s.log' % who)

    def start(self, again=False):
        log = open(self.log_path, 'a' if again else 'w', encoding='utf-8')
        try:
            self.process = subprocess.Popen(self.in_session(self.app_command or [self.binary]),
                                            env=self.session_env(), stdout=log,
                                            stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
                                            start_new_session=True)
        finally:
            log.close()

    def in_session(self, command):
        """command run in a session bus of its own, with this person's keyring unlocked. For
        an app command (a sandbox, which asks the session bus for the accessibility bus
        instead of reading AT_SPI_BUS_ADDRESS) the bus also serves that address."""
        script = ('eval "$(printf rapport-money-e2e | gnome-keyring-daemon --unlock '
                  '--components=secrets)"; export GNOME_KEYRING_CONTROL; ')
        if self.app_command:
            script += ('/usr/bin/python3 %s & gdbus wait --session --timeout 10 org.a11y.Bus '
                       '|| exit 1; ' % shlex.quote(os.path.join(HERE, 'a11y-bus-address.py')))
        return ['dbus-run-session', '--', 'bash', '-c', script + 'exec "$@"',
                'rapport-session'] + command

    def session_env(self):
        """The environment of this person's session: the home and XDG dirs of its own."""
        for sub in ('home', 'data', 'config', 'cache', 'runtime'):
            os.makedirs(os.path.join(self.scratch, sub), mode=0o700, exist_ok=True)
        env = dict(os.environ)
        for variable in ('GTK_A11Y', 'NO_AT_BRIDGE', 'G_MESSAGES_DEBUG', 'DBUS_SESSION_BUS_ADDRESS',
                         'GNOME_KEYRING_CONTROL', 'SSH_AUTH_SOCK'):
            env.pop(variable, None)
        env.update({
            'HOME': os.path.join(self.scratch, 'home'),
            'XDG_DATA_HOME': os.path.join(self.scratch, 'data'),
            'XDG_CONFIG_HOME': os.path.join(self.scratch, 'config'),
            'XDG_CACHE_HOME': os.path.join(self.scratch, 'cache'),
            'XDG_RUNTIME_DIR': os.path.join(self.scratch, 'runtime'),
            'AT_SPI_BUS_ADDRESS': self.a11y_address,
            'GSETTINGS_BACKEND': 'memory',
            'GSK_RENDERER': 'cairo',
            'GDK_BACKEND': 'x11',
            'G_DEBUG': 'fatal-criticals',
            'LANGUAGE': 'C',
            'LC_ALL': 'C.UTF-8',
        })
        if self.schema_dir:
            env['GSETTINGS_SCHEMA_DIR'] = self.schema_dir
        return env

    def stop(self):
        """The whole session: rapport, its bus and its keyring."""
        if self.process is not None and self.process.poll() is None:
            try:
                os.killpg(self.process.pid, signal.SIGTERM)
                self.process.wait(timeout=5)
            except (ProcessLookupError, subprocess.TimeoutExpired):
                try:
                    os.killpg(self.process.pid, signal.SIGKILL)
                except ProcessLookupError:
                    pass
                self.process.wait()

    def quit(self, keyboard):
        """Ctrl+Q; True when rapport (and so its session) then ends by itself."""
        if self.process is None or self.process.poll() is not None:
            return False
        keyboard.chord(['ctrl'], 'q')
        try:
            self.process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            return False
        self.accessible = None
        self.frame = None
        return True

    def find_accessible(self):
        """rapport on the accessibility bus: the application whose process descends from the
        session this object started."""
        desktop = pyatspi.Registry.getDesktop(0)
        for candidate in children(desktop):
            try:
                pid = candidate.get_process_id()
            except GLib.GError:
                continue
            if started_by(pid, self.process.pid):
                candidate.set_cache_mask(rt.Atspi.Cache.NONE)
                candidate.clear_cache()
                return candidate
        return None


class Person(rt.Session):
    """A person at one rapport; screenshots named for the story (<story>-<name>.png)."""

    story = 'rt-money-e2e'

    def screenshot(self, name, what):
        path = os.path.join(self.output_dir, '%s-%s.png' % (self.story, name))
        done = subprocess.run(['import', '-window', 'root', path], capture_output=True, text=True,
                              check=False)
        if done.returncode != 0:
            raise E2EFailure('the screenshot %s failed: %s' % (path, done.stderr.strip()))
        copy = '/tmp/%s-%s.png' % (self.story, name)
        shutil.copyfile(path, copy)
        self.screenshots.append((path, copy, what))
        say('screenshot (%s): %s, copied to %s' % (what, path, copy))

    def open_with_account(self, server, token_name):
        """Start rapport without an account and add one, as test_rt_e2e.py's step 3 does."""
        app, keys = self.app, self.keys
        app.start()
        app.accessible = self.wait_for('rapport of %s on the accessibility bus' % app.who,
                                       app.find_accessible,
                                       context=lambda: pyatspi.Registry.getDesktop(0))
        app.frame = self.wait_for('the frame "Rapport"', lambda: self.find_frame('Rapport'),
                                  context=lambda: app.accessible)
        # The welcome page (AdwStatusPage) is a panel in libadwaita 1.2, a group in 1.7.
        self.wait_for('the welcome page with its button "Add Account…"',
                      lambda: (self.find_named(pyatspi.ROLE_PANEL, 'Welcome to Rapport') or
                               self.find_named(pyatspi.ROLE_GROUPING, 'Welcome to Rapport')) and
                      self.find_button('Add Account…'))
        keys.chord(['alt'], 'a')
        dialog = self.wait_for('the dialog "Add Account"', lambda: self.find_frame('Add Account'),
                               context=lambda: app.accessible)

        def dialog_row(title):
            return find(dialog, lambda acc: safe_role(acc) == pyatspi.ROLE_TEXT and
                        safe_name(acc) == title)

        url_row = self.wait_for('the row "Server Address"', lambda: dialog_row('Server Address'),
                                context=lambda: dialog)
        keys.chord(['alt'], 's')
        keys.type(server.url)
        self.wait_for('"Server Address" to hold %s' % server.url,
                      lambda: text_of(url_row) == server.url, context=lambda: dialog)
        keys.chord(['alt'], 't')
        keys.type(server.secret(token_name))
        keys.press('Return')

        def dialog_closed():
            if self.find_frame('Add Account') is None:
                return True
            problem = find(dialog, lambda acc: safe_role(acc) in (pyatspi.ROLE_ALERT,
                                                                  pyatspi.ROLE_NOTIFICATION) and
                           safe_name(acc) != '')
            if problem is not None:
                raise E2EFailure('the dialog says: %s\n%s' % (safe_name(problem), dump(dialog)))
            return False

        self.wait_for('the dialog to check the account and close', dialog_closed, timeout=60,
                      context=lambda: dialog)
        give_focus_back(E2EFailure)

    def label_starting(self, prefix):
        return find(self.app.frame, lambda acc: safe_role(acc) == pyatspi.ROLE_LABEL and
                    safe_name(acc).startswith(prefix))

    def views_row(self, name):
        return next((item for item in children(self.find_list('Views')) if safe_name(item) == name),
                    None)

    def focus_views(self):
        """Tab (the way around the window) until the focus is in the views list."""
        for _ in range(20):
            if find(self.find_list('Views'), lambda acc: has_state(acc, pyatspi.STATE_FOCUSED)):
                return
            self.keys.press('Tab')
            time.sleep(0.15)
        raise E2EFailure('Tab never reached the list "Views"; the focus is on %s'
                         % dump(self.focused(), max_depth=0))

    def select_view(self, name, next_view=None):
        """Select the view by keyboard: with next_view (a (modifiers, key) chord) press it until
        the view is selected, else Tab into "Views" and Down to it."""
        row = self.views_row(name)
        if row is None:
            raise E2EFailure('no view "%s":\n%s' % (name, dump(self.find_list('Views'))))
        if next_view is None:
            self.focus_views()
        for _ in range(8):
            if has_state(row, pyatspi.STATE_SELECTED):
                return row
            if next_view is None:
                self.keys.press('Down')
            else:
                self.keys.chord(*next_view)
            time.sleep(0.2)
        raise E2EFailure('the keys never reached the view "%s":\n%s'
                         % (name, dump(self.find_list('Views'))))

    def money_dialog(self, chord, title, amount, verdict, reason, button, screenshot=None):
        """The Refund or Credit dialog by its key: the amount, the verdict (the status label and
        the description of "Amount"), Enter, the reason, Enter on the complete form (the button
        "button"); returns when the dialog has closed. screenshot: (name, what) before the
        last Enter."""
        keys = self.keys
        keys.chord(*chord)
        dialog = self.wait_for('the dialog "%s" after its key' % title,
                               lambda: self.find_frame(title), context=lambda: self.app.accessible)
        field = self.wait_for('the field "Amount"',
                              lambda: find(dialog, lambda acc: safe_role(acc) == pyatspi.ROLE_TEXT
                                           and safe_name(acc).startswith('Amount')),
                              context=lambda: dialog)
        keys.type(amount)
        self.wait_for('"Amount" to hold %s (the dialog opens in it)' % amount,
                      lambda: text_of(field) == amount, context=lambda: dialog)
        # The verdict is a status region: GTK 4.8 names it by its text, newer GTK gives only the
        # text (which is what a screen reader reads of a status).
        self.wait_for('the verdict "%s"' % verdict,
                      lambda: find(dialog, lambda acc: safe_role(acc) == pyatspi.ROLE_STATUS_BAR
                                   and (safe_name(acc) or text_of(acc)) == verdict),
                      context=lambda: dialog)
        if row_description(field) != verdict:
            raise E2EFailure('"Amount" should be described by the verdict: %r'
                             % row_description(field))
        keys.press('Return')             # incomplete: on to "Reason"
        keys.type(reason)
        reason_row = find(dialog, lambda acc: safe_role(acc) == pyatspi.ROLE_TEXT and
                          safe_name(acc).startswith('Reason'))
        self.wait_for('"Reason" to hold the reason', lambda: text_of(reason_row) == reason,
                      context=lambda: dialog)
        self.wait_for('the button "%s"' % button, lambda: self.find_button(button, dialog),
                      context=lambda: dialog)
        if screenshot is not None:
            self.screenshot(*screenshot)
        keys.press('Return')             # complete: confirms
        self.wait_for('the dialog to close', lambda: self.find_frame(title) is None,
                      context=lambda: dialog)
        give_focus_back(E2EFailure)

    def decide_request(self, request, reason, note, chord, next_view=None, screenshot=None):
        """In "Approvals": the request "<request>… — <reason>" (Tab into the list from "Views";
        after next_view the focus is there already), Enter, the note, the decision's chord
        (Alt+A, Alt+R); returns the request's label."""
        self.select_view('Approvals', next_view)
        requests = lambda: self.find_list('Approval requests')  # noqa: E731
        label = self.wait_for('"Approval requests" to list "%s… — %s"' % (request, reason),
                              lambda: next((l for l in row_labels(requests())
                                            if l.startswith(request) and ' — ' + reason in l),
                                           None),
                              context=lambda: requests() or self.app.frame)
        if next_view is None:
            self.keys.press('Tab')       # from "Views" into the requests (the only one)
        # else the view's key left the focus in the requests: the pane shown takes it.
        self.wait_for('the request to be selected',
                      lambda: any(has_state(item, pyatspi.STATE_SELECTED) and
                                  row_label(item).startswith(request)
                                  for item in children(requests())),
                      context=requests)
        self.keys.press('Return')        # to the note
        self.keys.type(note)
        # The row's name, "Note for the agent", is on its field with libadwaita 1.2; with 1.7 the
        # field is named by the row's title, "Note for the Agent".
        note_row = find(self.app.frame, lambda acc: safe_role(acc) == pyatspi.ROLE_TEXT and
                        safe_name(acc).lower().startswith('note for the agent'))
        self.wait_for('"Note for the agent" to hold the note',
                      lambda: note_row is not None and text_of(note_row) == note)
        if screenshot is not None:
            self.screenshot(*screenshot)
        self.keys.chord(*chord)
        return label


# ------------------------------------------------------------------------------------------
# RT: the server side loaded, a customer's ticket, and what RT says of the money


def create_customer_ticket(rest, customer, ticket):
    """The customer (a new RT user) writes the ticket (subject, content) in Support as herself;
    its id."""
    password = secrets.token_urlsafe(18)
    rest.request('POST', 'user', {'Name': customer['email'], 'EmailAddress': customer['email'],
                                  'RealName': customer['name'], 'Password': password},
                 expect=(201,))
    answer = rest.request('POST', 'ticket', {'Queue': 'Support', 'Subject': ticket['subject'],
                                             'Requestor': customer['email'],
                                             'Content': ticket['content'],
                                             'ContentType': 'text/plain'},
                          expect=(201,), basic=(customer['email'], password))
    return int(answer['id'])


def set_up_rt(server, rest, setup_script, datafile):
    done = subprocess.run(['/usr/bin/perl', setup_script, server.workdir, datafile],
                          capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise E2EFailure('rt-money-setup.pl failed (%d):\n%s%s'
                         % (done.returncode, done.stdout, done.stderr))
    # The customer writes the ticket as herself; then it is given to ana.
    ticket_id = create_customer_ticket(rest, CUSTOMER, TICKET)
    rest.request('PUT', 'ticket/%d' % ticket_id, {'Owner': 'ana.agent'})
    if rest.ticket(ticket_id)['Owner']['id'] != 'ana.agent':
        raise E2EFailure('ticket %d is not owned by ana.agent' % ticket_id)
    return ticket_id


def approvals_of(rest):
    """(approval id, status) of every RT approval."""
    items = rest.collection("tickets?query=%s&fields=Status" % urlquote("Type = 'approval'"))
    return [(int(item['id']), item.get('Status')) for item in items]


def money_tickets(rest):
    items = rest.collection("tickets?query=%s&fields=Status,Subject" % urlquote("Queue = 'Money'"))
    return [(int(item['id']), item.get('Status')) for item in items]


def urlquote(text):
    return quote(text, safe='')


def status_changes(rest, ticket_id):
    """(creator, old, new) of the ticket's Status transactions."""
    history = rest.collection('ticket/%d/history?orderby=id&fields=Type,Creator,OldValue,NewValue'
                              % ticket_id)
    return [((item.get('Creator') or {}).get('id'), item.get('OldValue'), item.get('NewValue'))
            for item in history if item.get('Type') == 'Status']


# ------------------------------------------------------------------------------------------
# The sandbox: where a Flatpak'ed rapport kept the database and the token


def is_sqlite(path):
    try:
        with open(path, 'rb') as data:
            return data.read(16) == b'SQLite format 3\0'
    except OSError:
        return False


def check_sandboxed(app, app_id, token):
    """After the run: the database is under ~/.var/app/<app_id>, the token is in no file in
    clear, and the sandboxed app's own keyring (the Secret portal's) gives it back. Returns
    what was found, for the step."""
    home = os.path.join(app.scratch, 'home')
    var = os.path.join(home, '.var', 'app', app_id)
    databases = []
    for top, _dirs, files in os.walk(app.scratch):
        databases.extend(os.path.join(top, name) for name in files
                         if is_sqlite(os.path.join(top, name)))
    if not databases:
        raise E2EFailure('%s: no database anywhere in %s' % (app.who, app.scratch))
    outside = [path for path in databases if not path.startswith(var + os.sep)]
    if outside:
        raise E2EFailure('%s: databases outside %s: %s' % (app.who, var, outside))
    holders = app.files_containing(token)
    if holders:
        raise E2EFailure('%s: the token is written in clear in %s' % (app.who, ', '.join(holders)))
    keyring = os.path.join(var, 'data', 'keyrings', 'default.keyring')
    if not os.path.isfile(keyring) or os.path.getsize(keyring) == 0:
        raise E2EFailure('%s: no Secret portal keyring at %s' % (app.who, keyring))
    accounts = []
    for path in databases:
        with sqlite3.connect('file:%s?mode=ro' % path, uri=True) as db:
            try:
                accounts += db.execute('SELECT provider_kind, base_url, user_remote_id '
                                       'FROM accounts').fetchall()
            except sqlite3.Error:
                continue
    if len(accounts) != 1:
        raise E2EFailure('%s: expected one account in %s, found %s' % (app.who, databases, accounts))
    kind, url, user = accounts[0]
    # From inside the sandbox, in a new session of the same person (as after a reboot).
    lookup = subprocess.run(app.in_session(['flatpak', 'run', '--command=secret-tool', app_id,
                                            'lookup', 'kind', kind, 'url', url, 'user', user]),
                            env=app.session_env(), capture_output=True, text=True, timeout=60,
                            check=False)
    if lookup.returncode != 0 or lookup.stdout.strip() != token:
        raise E2EFailure('%s: secret-tool in the sandbox did not give back the token (exit %d): '
                         '%s' % (app.who, lookup.returncode, lookup.stderr.strip()[-500:]))
    return '%s: database %s, token only in %s (%d bytes)' % (
        app.who, os.path.relpath(databases[0], home), os.path.relpath(keyring, home),
        os.path.getsize(keyring))


# ------------------------------------------------------------------------------------------
# The story


def run(server, agent, supervisor, timer, args, run_id):
    rest = agent.rest
    keys = agent.keys

    started = server.start()
    ticket_id = set_up_rt(server, rest, args.setup, args.datafile)
    step(timer, 'RT started at %s in %.1f s; the server side loaded (ana.agent, vic.supervisor '
         'with their tokens); ticket %d "%s" of %s, owned by ana.agent'
         % (server.url, started, ticket_id, TICKET['subject'], CUSTOMER['name']))

    # 1. ana: her account, the ticket, a refund over her limit.
    agent.open_with_account(server, 'token-ana')
    agent.wait_for('"Tickets" to show "%s"' % TICKET['subject'],
                   lambda: any(TICKET['subject'] in label for label in agent.ticket_rows()),
                   timeout=60)
    agent.select_ticket(TICKET['subject'])
    agent.wait_for('the conversation of "%s"' % TICKET['subject'],
                   lambda: any(TICKET['content'] in safe_name(row)
                               for row in agent.conversation_rows()),
                   context=lambda: agent.find_list('Conversation'))
    step(timer, 'ana added her account through Add Account… and opened "%s"' % TICKET['subject'])

    reason = 'Charged twice for order 1042, ref %s' % run_id
    agent.money_dialog((['ctrl', 'shift'], 'r'), 'Refund', AMOUNT, VERDICT, reason,
                       'Request Approval',
                       screenshot=('1-refund-dialog', 'the Refund dialog with its verdict'))
    awaiting = 'Awaiting approval: $80.00 refund requested by %s — %s' % (AGENT, reason)
    agent.wait_for('the ticket to show "%s"' % awaiting,
                   lambda: any(line == awaiting for line in
                               safe_name(agent.label_starting('Awaiting approval: ') or
                                         agent.app.frame).split('\n')))
    step(timer, 'ana: Ctrl+Shift+R, %s: the verdict "%s" (status, and the description of '
         '"Amount"); Enter, the reason, Enter; the ticket shows "%s"' % (AMOUNT, VERDICT, awaiting))

    approval = agent.wait_for('RT to hold an open approval for the refund',
                              lambda: next((a for a, status in approvals_of(rest)
                                            if status == 'open'), None),
                              timeout=60, context=lambda: None)
    money = money_tickets(rest)
    if len(money) != 1:
        raise E2EFailure('RT should hold exactly one money ticket: %s' % money)
    agent.screenshot('2-awaiting', 'ana\'s ticket awaiting approval')
    step(timer, 'RT holds money ticket %d (%s) and its open approval %d'
         % (money[0][0], money[0][1], approval))

    # 2. vic: his own rapport, Approvals, approve with a note.
    supervisor.open_with_account(server, 'token-vic')
    supervisor.wait_for('the view "Approvals" with its count 1',
                        lambda: (lambda r: r if r is not None and
                                 any(safe_name(c) == '1' for c in rt.find_all(r, lambda a: True))
                                 else None)(supervisor.views_row('Approvals')),
                        timeout=60, context=lambda: supervisor.find_list('Views'))
    # "<customer>: $80.00 refund requested by <requester> — <reason>"; the requester is named
    # as vic's helpdesk account may see her (her real name, or her user name).
    request = '%s: $80.00 refund requested by ' % CUSTOMER['name']
    note = 'Approved: the bank statement shows two charges, ref %s' % run_id
    label = supervisor.decide_request(request, reason, note, (['alt'], 'a'),
                                      screenshot=('3-approvals', 'vic\'s Approvals with the note'))
    step(timer, 'vic added his account in his own rapport; "Approvals" (1) lists "%s"; Tab, Enter, '
         'the note, Alt+A' % label)

    def decided():
        for approval_id, status in approvals_of(rest):
            if approval_id == approval and status == 'resolved':
                return True
        return False

    supervisor.wait_for('RT to say approval %d is resolved' % approval, decided, timeout=60,
                        context=lambda: None)
    # RT sets the status before it records the transaction that says who did.
    changes = supervisor.wait_for('approval %d\'s history to say %s resolved it'
                                  % (approval, SUPERVISOR),
                                  lambda: (lambda found: found if any(
                                      change[1:] == ('open', 'resolved') for change in found)
                                           else None)(status_changes(rest, approval)),
                                  context=lambda: None)
    if [change for change in changes if change[1:] == ('open', 'resolved')] != \
            [(SUPERVISOR, 'open', 'resolved')]:
        raise E2EFailure('approval %d should be resolved once, by %s: %s'
                         % (approval, SUPERVISOR, changes))
    supervisor.wait_for('the money ticket %d to be open' % money[0][0],
                        lambda: rest.ticket(money[0][0])['Status'] == 'open', context=lambda: None)
    supervisor.wait_for('the request to leave the list or be marked decided',
                        lambda: not any(label.startswith(request) and 'queued' not in label
                                        for label in row_labels(supervisor.find_list('Approval requests'))))
    step(timer, 'RT: approval %d resolved by %s (its status changes: %s); money ticket %d open'
         % (approval, SUPERVISOR, changes, money[0][0]))
    if not supervisor.app.quit(supervisor.keys):
        raise E2EFailure('vic\'s rapport did not quit within 20 s of Ctrl+Q')

    # 3. ana: sync, the request is approved.
    keys.chord(['ctrl'], 'r')
    summary = agent.wait_for('ana\'s ticket to no longer await approval and the summary to count '
                             'the refund',
                             lambda: agent.label_starting('Awaiting approval: ') is None and
                             agent.label_starting('Refunds: $80.00 to date'), timeout=60)
    if 'awaiting approval' in safe_name(summary):
        raise E2EFailure('the money summary still counts something awaiting approval: %s'
                         % safe_name(summary))
    # The ticket shows the decision; its description (the button's tooltip) has vic's note,
    # which ana's Rapport read from the decision record RT wrote on her money ticket.
    decided = 'Refund of $80.00 approved'
    told = '%s\nVic Supervisor: %s' % (decided, note)
    decision = agent.wait_for('the ticket to show "%s" with vic\'s note' % decided,
                              lambda: find(agent.app.frame,
                                           lambda acc: safe_name(acc) == decided and
                                           rt.safe_description(acc) == told),
                              timeout=60)
    agent.screenshot('4-approved', 'ana\'s ticket after the approval')
    step(timer, 'ana: Ctrl+R; the ticket no longer awaits approval; it shows "%s" (%r); the '
         'customer panel says "%s"' % (decided, rt.safe_description(decision), safe_name(summary)))
    if not agent.app.quit(keys):
        raise E2EFailure('ana\'s rapport did not quit within 20 s of Ctrl+Q')

    check_people_sandboxed(server, agent, supervisor, timer, args)


def check_people_sandboxed(server, agent, supervisor, timer, args):
    """With --flatpak-app-id, after the story: each person's database under ~/.var/app, their
    token in no file in clear, and in the Secret portal's keyring of the sandbox (a step)."""
    if not args.flatpak_app_id:
        return
    found = [check_sandboxed(person.app, args.flatpak_app_id, server.secret(token_name))
             for person, token_name in ((agent, 'token-ana'), (supervisor, 'token-vic'))]
    step(timer, 'sandbox: the databases under ~/.var/app, the tokens in no file in clear, '
         'and secret-tool in the sandbox gives each back from the Secret portal keyring (%s)'
         % '; '.join(found))


def arguments(description):
    """The command line of a story of two people; a story may add its own arguments."""
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument('--rapport', help='the built rapport executable')
    parser.add_argument('--app-command',
                        help='the command that starts rapport instead of --rapport (split as a '
                        'shell would), e.g. "flatpak run --die-with-parent <app-id>"')
    parser.add_argument('--flatpak-app-id',
                        help='check after the run that the Flatpak <app-id> kept the database '
                        'and the tokens in its sandbox (with --app-command)')
    parser.add_argument('--schema-dir', help='the dir with gschemas.compiled (for --rapport)')
    parser.add_argument('--rt-server', required=True, help='tests/integration/rt-server.sh')
    parser.add_argument('--setup', required=True, help='tests/integration/rt-money-setup.pl')
    parser.add_argument('--datafile', required=True, help='data/rt/rapport-authority.pl')
    parser.add_argument('--output-dir', required=True, help='where screenshots and the logs go')
    return parser


def play(name, args, story, person=None, run_prefix='RUN'):
    """Runs story(server, agent, supervisor, timer, args, run_id) with ana's and vic's rapports
    (people of the class person, Person by default) and RT, cleans up whatever happens, prints
    the table of the steps' times; returns the exit status. name names the logs, the
    screenshots and the messages."""
    person = person or Person
    problems = []
    for variable in ('DISPLAY', 'DBUS_SESSION_BUS_ADDRESS', 'RAPPORT_RT_WORKDIR'):
        if not os.environ.get(variable):
            problems.append('%s is not set (run it with tools/test, through run-test.sh)' % variable)
    app_command = shlex.split(args.app_command) if args.app_command else None
    if app_command is None and (args.rapport is None or not os.access(args.rapport, os.X_OK)):
        problems.append('%s is not an executable; build the project first' % args.rapport)
    if args.flatpak_app_id and app_command is None:
        problems.append('--flatpak-app-id needs --app-command')
    for program in ('import', 'dbus-run-session', 'gnome-keyring-daemon'):
        if shutil.which(program) is None:
            problems.append('%s is missing (tools/test installs it)' % program)
    if not problems:
        check = subprocess.run([args.rt_server, 'check'], check=False)
        if check.returncode != 0:
            problems.append('Request Tracker cannot run here (rt-server.sh check exited %d)'
                            % check.returncode)
    if problems:
        for problem in problems:
            print('%s: FAIL: %s' % (name, problem), file=sys.stderr)
        return 1

    def on_term(signum, _frame):
        raise SystemExit(128 + signum)

    signal.signal(signal.SIGTERM, on_term)
    signal.signal(signal.SIGHUP, on_term)

    os.makedirs(args.output_dir, exist_ok=True)
    for directory in (args.output_dir, '/tmp'):
        for old in os.listdir(directory):
            if old.startswith(person.story + '-') and old.endswith('.png'):
                os.remove(os.path.join(directory, old))
    server = rt.RTServer(args.rt_server, os.environ['RAPPORT_RT_WORKDIR'])
    address = a11y_bus_address()
    apps = [PersonApp(args.rapport, args.schema_dir, args.output_dir, who, address, app_command)
            for who in ('agent', 'supervisor')]
    for app in apps:
        app.log_path = os.path.join(args.output_dir, '%s-%s.log' % (name, app.who))
    timer = rt.Timer()
    run_id = '%s-%s' % (run_prefix, secrets.token_hex(3))
    people = []
    status = 1
    try:
        keyboard = rt.Keyboard()
        rest = rt.Rest(server)
        people = [person(app, keyboard, rest, args.output_dir) for app in apps]
        say('run %s: rapport %s, RT work dir %s, output in %s'
            % (run_id, args.app_command or args.rapport, server.workdir, args.output_dir))
        story(server, people[0], people[1], timer, args, run_id)
        status = 0
    except E2EFailure as failure:
        print('not ok - %s' % failure, file=sys.stderr, flush=True)
    except Exception:  # pylint: disable=broad-except
        import traceback  # pylint: disable=import-outside-toplevel
        traceback.print_exc()
    finally:
        if status != 0:
            for someone in people:
                if someone.app.process is not None:
                    print('# %s\'s rapport log (%s), last lines:\n%s'
                          % (someone.app.who, someone.app.log_path, someone.app.log_tail()),
                          file=sys.stderr, flush=True)
            if people:
                try:
                    people[0].screenshot('failure', 'at the failure')
                except Exception as error:  # pylint: disable=broad-except
                    print('# no failure screenshot: %s' % error, file=sys.stderr)
        for app in reversed(apps):
            app.stop()
            app.cleanup()
        if server.running:
            try:
                server.stop()
            except E2EFailure as failure:
                print('# %s' % failure, file=sys.stderr)

    # The table: each step by its first clause.
    say('%-4s %8s  %s' % ('step', 'seconds', 'what'))
    for number, (step_name, seconds) in enumerate(timer.steps, 1):
        say('%-4d %8.1f  %s' % (number, seconds, step_name.split(';')[0][:90]))
    say('%-4s %8.1f' % ('all', time.monotonic() - timer.began))
    if status == 0:
        print('%s: all %d steps passed in %.1f s'
              % (name, len(timer.steps), time.monotonic() - timer.began), flush=True)
    return status


def main():
    args = arguments(__doc__.splitlines()[0]).parse_args()
    return play('rt-money-e2e', args, run, Person, 'MONEY')


if __name__ == '__main__':
    sys.exit(main())
