#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""End-to-end test of Rapport through the accessibility tree (AT-SPI).

Drives the running app the way a person would: reads what is on screen from the
accessibility tree and types real key events (XTest, through AT-SPI). The names it relies
on are the ones in docs/ui-contract.md; the data is the demo workspace's story customer
Chloé Silva (docs/demo-workspace.md).

Started by run-e2e.sh, which launches the app and passes its process id.
"""

import argparse
import os
import re
import shutil
import subprocess
import sys
import time

import pyatspi
from gi.repository import Atspi, GLib

from a11y_process import started_by

TIMEOUT = 20.0
POLL = 0.2

FIRST_SUBJECT = 'Cancel my subscription before renewal'
FIRST_BODY = 'Please cancel my subscription before it renews'
NEXT_SUBJECT = 'Still waiting for my sourdough starter kit'
NEXT_BODY = 'the sourdough starter kit I ordered on the 3rd never arrived'
CUSTOMER = 'Chloé Silva'
QUERY = 'sourdough starter'
# The demo ticket suggested replies are tried on (docs/demo-workspace.md): Liam López's double
# charge, answered by the canned response refund-policy, which asks for the order number.
CHARGE_QUERY = 'charged twice for one order'
CHARGE_SUBJECT = 'I was charged twice for one order'
CHARGE_CUSTOMER = 'Liam López'
REFUND_TITLE = 'Refund of a duplicate or unwanted charge'
PLACEHOLDER = '{{order_number|Order number}}'

# GTK 4.8 exposes every widget, so a walk must stay bounded.
MAX_DEPTH = 40


class E2EFailure(Exception):
    pass


class App:
    def __init__(self, pid):
        self.pid = pid
        self.accessible = None

    def check_alive(self):
        """Fail at once, instead of after a timeout, when the app has exited."""
        try:
            with open('/proc/%d/stat' % self.pid, encoding='utf-8') as stat:
                state = stat.read().rsplit(')', 1)[1].split()[0]
        except FileNotFoundError:
            state = 'gone'
        if state in ('Z', 'X', 'gone'):
            raise E2EFailure('rapport (pid %d) exited while the test was running' % self.pid)


def safe_name(acc):
    try:
        return acc.name or ''
    except GLib.GError:
        return ''


def safe_role(acc):
    try:
        return acc.getRole()
    except GLib.GError:
        return None


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
    if predicate(root):
        return root
    if depth >= MAX_DEPTH or (prune is not None and depth > 0 and prune(root)):
        return None
    for child in children(root):
        found = find(child, predicate, prune, depth + 1)
        if found is not None:
            return found
    return None


def dump(acc, max_depth=7, max_children=30, depth=0):
    """The subtree as text, for failure messages."""
    lines = []
    try:
        role = acc.getRoleName()
        states = acc.getState()
        flags = [name for name, state in (('focused', pyatspi.STATE_FOCUSED),
                                          ('selected', pyatspi.STATE_SELECTED),
                                          ('checked', pyatspi.STATE_CHECKED))
                 if states.contains(state)]
    except GLib.GError as error:
        return '  ' * depth + '(unreadable: %s)' % error.message
    lines.append('%s[%s] "%s"%s' % ('  ' * depth, role, safe_name(acc),
                                   (' (' + ', '.join(flags) + ')') if flags else ''))
    if depth < max_depth:
        kids = children(acc)
        for child in kids[:max_children]:
            lines.append(dump(child, max_depth, max_children, depth + 1))
        if len(kids) > max_children:
            lines.append('%s… %d more' % ('  ' * (depth + 1), len(kids) - max_children))
    return '\n'.join(lines)


def row_label(item):
    """The label of a list row: the first non-empty name, breadth first from the row.

    The contract puts the label on the row (GtkListBoxRow, or the list item's child widget in
    a GtkListView), so this finds it at depth 0 or 1 before any label inside the row.
    """
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
    return [row_label(item) for item in children(list_acc)]


def row_key(label):
    """A ticket row's label without its relative time, which may tick while the test runs."""
    return label.rsplit(', ', 1)[0] if label else label


def selected_label(list_acc):
    """The label of the selected row of a list, or None."""
    if list_acc is None:
        return None
    for item in children(list_acc):
        try:
            if item.getState().contains(pyatspi.STATE_SELECTED):
                return row_label(item)
        except GLib.GError:
            continue
    return None


def ticket_selected(session, label):
    """True when the selected row of "Tickets" is the ticket of this label."""
    return row_key(selected_label(session.find_list('Tickets'))) == row_key(label)


def search_entry_focused(session):
    """True when the search entry, or the text field inside it, has keyboard focus."""
    def focused(acc):
        try:
            return acc.getState().contains(pyatspi.STATE_FOCUSED)
        except GLib.GError:
            return False

    entry = find(session.frame, lambda acc: safe_name(acc) == 'Search tickets and messages' and
                 safe_role(acc) != pyatspi.ROLE_LABEL)
    return entry is not None and (focused(entry) or any(focused(c) for c in children(entry)))


def conversation_switched_to(session, requester):
    """True once the conversation shows a ticket opened by requester, not Chloé's first one.

    The conversation has rows only around the messages in view (docs/ui-contract.md), and it
    shows the newest. GTK 4.8 exposes the rows above the view too, the requester's first
    message among them; newer GTK (the Flatpak runtime) only those in view, and then the
    requester is the one the customer panel names (a label outside the ticket list)."""
    conversation = session.find_list('Conversation')
    if conversation is None:
        return False
    labels = row_labels(conversation)
    if not labels or any(FIRST_BODY in label for label in labels):
        return False
    if labels[0].startswith(requester + ', '):
        return True
    return find(session.frame, lambda acc: safe_role(acc) == pyatspi.ROLE_LABEL and
                safe_name(acc) == requester,
                lambda acc: safe_role(acc) == pyatspi.ROLE_LIST and
                safe_name(acc) == 'Tickets') is not None


class Session:
    def __init__(self, app, output_dir):
        self.app = app
        self.output_dir = output_dir
        self.frame = None

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
        tree = context() if context is not None else self.frame
        if tree is not None:
            message += '\nAccessibility tree:\n' + dump(tree)
        raise E2EFailure(message)

    def find_named(self, role, name):
        """The first accessible with this role and name under the main window."""
        def matches(acc):
            return safe_role(acc) == role and safe_name(acc) == name

        def prune(acc):
            # Rows of other lists never hold the lists and controls we look for.
            return safe_role(acc) in (pyatspi.ROLE_LIST, pyatspi.ROLE_LIST_BOX)

        return find(self.frame, matches, prune)

    def find_list(self, name):
        return self.find_named(pyatspi.ROLE_LIST, name) or \
            self.find_named(pyatspi.ROLE_LIST_BOX, name)

    def start_reply(self):
        """r (Reply): the composer's text view "Reply", once it has the keyboard focus."""
        send_key(ord('r'))
        return self.wait_for(
            'the composer\'s text "Reply" to have keyboard focus after r',
            lambda: find(self.frame, lambda acc: safe_name(acc) == 'Reply' and
                         safe_role(acc) == pyatspi.ROLE_TEXT and
                         acc.getState().contains(pyatspi.STATE_FOCUSED)))

    def wait_list_row(self, list_name, what, predicate):
        """Wait for the named list to exist and have a row whose label satisfies predicate."""
        state = {'list': None}

        def check():
            if state['list'] is None:
                state['list'] = self.find_list(list_name)
                if state['list'] is None:
                    return None
            labels = row_labels(state['list'])
            for label in labels:
                if predicate(label):
                    return label
            return None

        return self.wait_for('list "%s" to show %s' % (list_name, what), check,
                             context=lambda: state['list'] or self.frame)


def step(message):
    print('ok - %s' % message, flush=True)


def send_alt(keysym):
    mask = 1 << int(Atspi.ModifierType.ALT)
    Atspi.generate_keyboard_event(mask, None, Atspi.KeySynthType.LOCKMODIFIERS)
    try:
        send_key(keysym)
    finally:
        Atspi.generate_keyboard_event(mask, None, Atspi.KeySynthType.UNLOCKMODIFIERS)
    time.sleep(0.05)


def text_of(acc):
    """The whole text of an accessible with the Text interface, or None."""
    try:
        text = acc.queryText()
        return text.getText(0, text.characterCount)
    except (NotImplementedError, GLib.GError):
        return None


def selected_text(acc):
    """The text of the first selection of an accessible with the Text interface, or None."""
    try:
        text = acc.queryText()
        if text.getNSelections() < 1:
            return None
        start, end = text.getSelection(0)
        return text.getText(start, end)
    except (NotImplementedError, GLib.GError):
        return None


def send_key(keysym):
    Atspi.generate_keyboard_event(keysym, None, Atspi.KeySynthType.SYM)
    time.sleep(0.05)


def send_ctrl(keysym):
    mask = 1 << int(Atspi.ModifierType.CONTROL)
    Atspi.generate_keyboard_event(mask, None, Atspi.KeySynthType.LOCKMODIFIERS)
    try:
        send_key(keysym)
    finally:
        Atspi.generate_keyboard_event(mask, None, Atspi.KeySynthType.UNLOCKMODIFIERS)
    time.sleep(0.05)


def type_text(text):
    for char in text:
        # Latin-1 keysyms have the code point's value.
        if not 0x20 <= ord(char) <= 0x7e:
            raise E2EFailure('cannot type %r as a keysym' % char)
        send_key(ord(char))


def find_app(app):
    """rapport on the accessibility bus: the application of the process started (or of its
    Flatpak sandbox)."""
    desktop = pyatspi.Registry.getDesktop(0)
    for candidate in children(desktop):
        try:
            if started_by(candidate.get_process_id(), app.pid):
                return candidate
        except GLib.GError:
            continue
    return None


def run(app, output_dir):
    session = Session(app, output_dir)

    # 1. The app and its main window.
    app.accessible = session.wait_for(
        'rapport (pid %d) to appear on the accessibility bus' % app.pid,
        lambda: find_app(app),
        context=lambda: pyatspi.Registry.getDesktop(0))
    session.frame = session.wait_for(
        'the frame "Rapport"',
        lambda: find(app.accessible,
                     lambda acc: safe_role(acc) == pyatspi.ROLE_FRAME and
                     safe_name(acc) == 'Rapport',
                     lambda acc: safe_role(acc) == pyatspi.ROLE_FRAME),
        context=lambda: app.accessible)
    step('found the frame "Rapport"')

    # 2. The ticket list is filled, and the first ticket of My open is Chloé's newest one,
    #    selected and shown with its conversation.
    session.wait_list_row(
        'Tickets', 'rows', lambda label: label != '')
    tickets = session.find_list('Tickets')
    labels = row_labels(tickets)
    if CUSTOMER not in labels[0] or FIRST_SUBJECT not in labels[0]:
        raise E2EFailure('the first row of "Tickets" should be %s, %s; the rows are:\n  %s'
                         % (CUSTOMER, FIRST_SUBJECT, '\n  '.join(labels)))
    if len(labels) < 2:
        raise E2EFailure('"Tickets" shows only one row: %s' % labels[0])
    session.wait_for('the first ticket to be selected',
                     lambda: ticket_selected(session, labels[0]),
                     context=lambda: session.find_list('Tickets'))
    session.wait_list_row('Conversation', 'the message "%s…"' % FIRST_BODY,
                          lambda label: FIRST_BODY in label)
    step('ticket list shows %d rows; the first, "%s", is selected and its conversation shown'
         % (len(labels), labels[0]))

    # 3. Keyboard: j selects the next ticket and shows its conversation, k goes back.
    send_key(ord('j'))
    session.wait_for('"%s" to be selected after pressing j' % labels[1],
                     lambda: ticket_selected(session, labels[1]),
                     context=lambda: session.find_list('Tickets'))
    requester = labels[1].split(', ', 1)[0]
    session.wait_for(
        'the conversation of "%s" (opened by %s) after pressing j' % (labels[1], requester),
        lambda: conversation_switched_to(session, requester))
    step('j selected the next ticket, "%s", and showed its conversation' % labels[1])

    send_key(ord('k'))
    session.wait_for('"%s" to be selected again after pressing k' % labels[0],
                     lambda: ticket_selected(session, labels[0]),
                     context=lambda: session.find_list('Tickets'))
    session.wait_list_row('Conversation', 'the message "%s…" after pressing k' % FIRST_BODY,
                          lambda label: FIRST_BODY in label)
    step('k went back to "%s"' % labels[0])

    #    Pick Chloé's other open ticket by pressing j until it is selected.
    target = next((i for i, label in enumerate(labels) if NEXT_SUBJECT in label), None)
    if target is None:
        raise E2EFailure('"%s" is not among the ticket rows shown:\n  %s'
                         % (NEXT_SUBJECT, '\n  '.join(labels)))
    for index in range(1, target + 1):
        send_key(ord('j'))
        session.wait_for('"%s" to be selected after pressing j %d times' % (labels[index], index),
                         lambda: ticket_selected(session, labels[index]),
                         context=lambda: session.find_list('Tickets'))
    session.wait_list_row('Conversation', 'the message "…%s…"' % NEXT_BODY,
                          lambda label: NEXT_BODY in label)
    step('j ×%d picked "%s" and showed its conversation' % (target, NEXT_SUBJECT))

    # 4. The customer panel's unified history: newest first, across channels.
    session.wait_list_row('Customer history', 'an entry about "%s"' % FIRST_SUBJECT,
                          lambda label: FIRST_SUBJECT in label)
    history = row_labels(session.find_list('Customer history'))
    first_channel = history[0].split(',', 1)[0].strip().lower()
    if first_channel != 'email' or FIRST_SUBJECT not in history[0]:
        raise E2EFailure('the first "Customer history" entry should be the email "%s"; '
                         'the entries are:\n  %s' % (FIRST_SUBJECT, '\n  '.join(history)))
    channels = sorted({label.split(',', 1)[0].strip().lower() for label in history if label})
    if len(channels) < 3:
        raise E2EFailure('"Customer history" should span at least 3 channels, it shows %s:\n  %s'
                         % (', '.join(channels), '\n  '.join(history)))
    step('customer history starts with the email "%s" and spans %d channels (%s)'
         % (FIRST_SUBJECT, len(channels), ', '.join(channels)))

    last_contact = 'Last contact 2 hours ago about ' + FIRST_SUBJECT
    session.wait_for('the label "%s"' % last_contact,
                     lambda: find(session.frame, lambda acc: safe_name(acc) == last_contact))
    step('the customer panel says "%s"' % last_contact)

    # 5. Search: Ctrl+F, type the query, and the results name the ticket.
    send_ctrl(ord('f'))
    session.wait_for('the entry "Search tickets and messages" to have keyboard focus after Ctrl+F',
                     lambda: search_entry_focused(session))
    type_text(QUERY)
    result = session.wait_list_row('Search results', 'a row about "%s"' % NEXT_SUBJECT,
                                   lambda label: NEXT_SUBJECT in label)
    step('searching "%s" found "%s"' % (QUERY, result))

    # 6. Suggested replies: open the double-charge ticket from a search, the top suggestion is
    #    the refund policy; r goes to the composer, Alt+1 inserts it with the customer's name;
    #    the order number it asks for blocks Send until it is typed; then the reply goes.
    send_ctrl(ord('f'))
    session.wait_for('the search entry to have keyboard focus after Ctrl+F',
                     lambda: search_entry_focused(session))
    send_ctrl(ord('a'))
    type_text(CHARGE_QUERY)
    session.wait_list_row('Search results', 'a row about "%s"' % CHARGE_SUBJECT,
                          lambda label: CHARGE_SUBJECT in label)
    send_key(0xff0d)  # Return: the first result is opened
    session.wait_for('the conversation of "%s"' % CHARGE_SUBJECT,
                     lambda: conversation_switched_to(session, CHARGE_CUSTOMER) and
                     any('charged twice for order' in label
                         for label in row_labels(session.find_list('Conversation'))))
    order_numbers = [re.search(r'charged twice for order (\d+)', label)
                     for label in row_labels(session.find_list('Conversation'))]
    order_number = next((m.group(1) for m in order_numbers if m is not None), None)
    if order_number is None:
        raise E2EFailure('the customer\'s message names no order number')
    first = session.wait_list_row('Suggested replies', 'suggestion 1',
                                  lambda label: label.startswith('Suggestion 1: '))
    if REFUND_TITLE not in first:
        raise E2EFailure('the first suggestion should be "%s"; the suggestions are:\n  %s'
                         % (REFUND_TITLE,
                            '\n  '.join(row_labels(session.find_list('Suggested replies')))))
    step('the top suggestion for "%s" is "%s"' % (CHARGE_SUBJECT, first))

    reply = session.start_reply()
    send_alt(ord('1'))
    inserted = session.wait_for('the refund policy to be inserted with Alt+1',
                                lambda: (text_of(reply) or '') if
                                PLACEHOLDER in (text_of(reply) or '') else None)
    # A chat ticket gets the suggestion's short form: one paragraph, the same content.
    if '\n' in inserted.strip() or 'refunded' not in inserted:
        raise E2EFailure('the chat ticket should get the refund policy\'s short form, one '
                         'paragraph about the refund; it got:\n%s' % inserted)
    session.wait_for('the placeholder %s to be selected' % PLACEHOLDER,
                     lambda: selected_text(reply) == PLACEHOLDER)
    step('Alt+1 inserted the refund policy\'s chat form ("%s") with %s selected'
         % (inserted, PLACEHOLDER))

    n_rows = len(row_labels(session.find_list('Conversation')))
    send_ctrl(0xff0d)  # Ctrl+Return: refused, the placeholder stays selected
    time.sleep(1.0)
    if PLACEHOLDER not in (text_of(reply) or '') or selected_text(reply) != PLACEHOLDER:
        raise E2EFailure('Ctrl+Return with the order number unfilled should leave the reply '
                         'in the composer with the placeholder selected; the text is:\n%s'
                         % text_of(reply))
    if len(row_labels(session.find_list('Conversation'))) != n_rows:
        raise E2EFailure('a reply with an unfilled placeholder reached the conversation')
    step('Ctrl+Return did not send the reply while %s was unfilled' % PLACEHOLDER)

    type_text(order_number)
    send_ctrl(0xff0d)
    session.wait_for('the composer to be emptied after sending',
                     lambda: (text_of(reply) if text_of(reply) is not None else 'x').strip() == '')
    sent = session.wait_list_row('Conversation', 'Sam Rivera\'s reply with order %s' % order_number,
                                 lambda label: label.startswith('Sam Rivera, ') and
                                 'order %s' % order_number in label)
    if '{{' in sent:
        raise E2EFailure('the reply sent still holds a placeholder: %s' % sent)
    step('after typing the order number, Ctrl+Return queued the reply: "%s"' % sent[:100])

    screenshot(output_dir)


def screenshot(output_dir, name='e2e-screenshot.png'):
    """Keep a picture of the final state next to the test log; not part of the verdict."""
    path = os.path.join(output_dir, name)
    if shutil.which('import') is None:
        print('# no screenshot: ImageMagick\'s import is not installed', flush=True)
        return
    done = subprocess.run(['import', '-window', 'root', path], capture_output=True, text=True)
    if done.returncode == 0:
        print('# screenshot saved to %s' % path, flush=True)
    else:
        print('# screenshot failed: %s' % done.stderr.strip(), flush=True)


def script_main(run_test, description, name):
    """The command line of a test script started by run-e2e.sh: run_test(app, output_dir)
    against the rapport of --pid; 0 when it passes."""
    parser = argparse.ArgumentParser(description=description.splitlines()[0])
    parser.add_argument('--pid', type=int, required=True, help='process id of the running rapport')
    parser.add_argument('--output-dir', required=True, help='where to save the screenshot')
    args = parser.parse_args()

    for variable, why in (('DISPLAY', 'an X server for XTest key events'),
                          ('DBUS_SESSION_BUS_ADDRESS', 'a session bus for AT-SPI')):
        if not os.environ.get(variable):
            print('%s: FAIL: %s is not set; the test needs %s' % (name, variable, why),
                  file=sys.stderr)
            return 1

    app = App(args.pid)
    started = time.monotonic()
    try:
        run_test(app, args.output_dir)
    except E2EFailure as failure:
        print('not ok - %s' % failure, file=sys.stderr, flush=True)
        screenshot(args.output_dir, '%s-failure.png' % name)
        return 1
    print('%s: all checks passed in %.1f s' % (name, time.monotonic() - started), flush=True)
    return 0


if __name__ == '__main__':
    sys.exit(script_main(run, __doc__, 'e2e'))
