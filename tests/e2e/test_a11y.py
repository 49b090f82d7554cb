#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Accessibility walk of every window and dialog of Rapport (AT-SPI).

Opens each window, dialog, popover and menu of the demo workspace (and of an account on a
loopback Request Tracker, for what the demo cannot show) with real key events (XTest, through
AT-SPI), walks its whole accessibility tree and fails on any control a
screen reader could not name cleanly:
- an interactive control (button, toggle, check box, radio, entry or text, combo, slider,
  spin button, link, page tab, menu item, focusable or selectable list item) without a name
  (GTK 4.8 names an unnamed widget after its type, "GtkMenuButton": that counts as none);
- a name with a mnemonic artefact: an underscore before a letter ("_Retry Now"), or the
  same text twice ("Retry Now Retry Now", "C_onnect Connect"); rows, named from their data,
  are left out of this rule;
- a control inside another control of the same role and the same name (a menu button
  whose inner toggle button is named like it: two "Status" buttons);
- a window or dialog without a name.
Each offender is printed with its path of roles and names. The exceptions (ALLOWED) are
GTK's or libadwaita's own and cannot be fixed from the app; each says why.

Walked, in this order: the main window of the agent; its status menu (Ctrl+Shift+S), assign
popover (Ctrl+Shift+A), Ticket Menu (no key of its own, its items have theirs: Tab from the
Assign button, Enter), main menu (F10), the composer's knowledge search (r, Ctrl+K) and the
search results (Ctrl+F, a query); the Refund (Ctrl+Shift+R) and Credit (Ctrl+Shift+C) dialogs,
Preferences (Ctrl+,), the shortcuts window (Ctrl+?), the Add Account dialog and the canned
responses manager (from the main menu) with its message dialog "Discard Changes?" (Ctrl+N, a
title, Escape); the whole-message window of Chloé's long message on "Invoice needed with VAT
number" (a search, Enter, Tab into the conversation, Up to the message, Tab to "Show Whole
Message", Enter); the "Remove…" dialog of the demo account in Preferences > Accounts (Tab to
its button, Enter; cancelled with Escape). Then an account with an API token, added with the
Add Account dialog on a loopback Request Tracker (fake_rt.py, plain http to this computer):
its first sync meets a ticket that does not read, which Rapport sets aside — the demo has no
server data to damage, so it never sets a record aside — and its main window with the banner
of the records set aside, their list (Details); the collision dialog ("New messages since you
opened this ticket"): the account's other ticket, Chloé's "Cancel my subscription before
renewal" (Ctrl+F, Escape into the ticket list, Down, Enter), r, a reply typed, then Chloé
answers on the server (FakeRt.customer_writes) and Ctrl+Return makes Rapport pull before
sending, find her new message and ask — the demo's pulls never bring a message written after
the first sync; it is cancelled (Escape): nothing is sent, the text stays, and is then
erased. Then the account's "Replace Token…" dialog (the demo's accounts have no token) and its
"Remove…" dialog, both cancelled. Then the main window of the
supervisor's account (the account switcher), Approvals view, a request selected. Last, every
account removed for good (Remove…, Alt+R) and the welcome page with its Main Menu (F10).

Not walked: the error page (a workspace whose cache cannot be opened; its Main Menu button is
built like the welcome page's).

Started by run-e2e.sh, which launches `rapport --demo` and passes its process id.
"""

import re
import sys
import time

import pyatspi
from gi.repository import Atspi, GLib

from fake_rt import TOKEN as RT_TOKEN, FakeRt
from test_e2e import (E2EFailure, Session, children, find, find_app, safe_name, safe_role,
                      script_main, search_entry_focused, selected_label, send_alt, send_ctrl,
                      send_key, step, text_of, type_text)
from x_focus import give_focus_back

# The walk is bounded: GTK 4.8 exposes every widget, list views only their realized rows.
MAX_DEPTH = 60

KEY_ESCAPE = 0xff1b
KEY_RETURN = 0xff0d
KEY_TAB = 0xff09
KEY_DOWN = 0xff54
KEY_UP = 0xff52
KEY_F10 = 0xffc7
KEY_BACKSPACE = 0xff08

AGENT = 'Demo workspace'
SUPERVISOR = 'Demo workspace — supervisor'
# Chloé's ticket whose first message is too long to show whole in the conversation.
LONG_QUERY = 'VAT number'
LONG_SUBJECT = 'Invoice needed with VAT number'
LONG_START = 'Hello, could you send me an invoice for order 4471'
WELCOME = 'Welcome to Rapport'
# The Request Tracker account: named after its host.
RT_HOST = '127.0.0.1'
SET_ASIDE = '1 record from the server could not be read. Everything else is up to date.'
# Its ticket that reads (fake_rt.py): Chloé's, her last message of the captured history.
RT_SUBJECT = 'Cancel my subscription before renewal'
RT_LAST = 'Thank you, that was quick!'
REPLY = 'Your subscription stays active until the end of the month.'
COLLISION = 'New messages since you opened this ticket'

INTERACTIVE = {
    pyatspi.ROLE_PUSH_BUTTON, pyatspi.ROLE_TOGGLE_BUTTON, pyatspi.ROLE_CHECK_BOX,
    pyatspi.ROLE_RADIO_BUTTON, pyatspi.ROLE_COMBO_BOX, pyatspi.ROLE_ENTRY,
    pyatspi.ROLE_PASSWORD_TEXT, pyatspi.ROLE_TEXT, pyatspi.ROLE_SPIN_BUTTON,
    pyatspi.ROLE_SLIDER, pyatspi.ROLE_LINK, pyatspi.ROLE_PAGE_TAB, pyatspi.ROLE_MENU_ITEM,
    pyatspi.ROLE_CHECK_MENU_ITEM, pyatspi.ROLE_RADIO_MENU_ITEM,
}

# A window or dialog: the root of a walk must have a name (its title) of its own.
WINDOWS = {pyatspi.ROLE_FRAME, pyatspi.ROLE_DIALOG, pyatspi.ROLE_WINDOW, pyatspi.ROLE_ALERT,
           pyatspi.ROLE_FILE_CHOOSER}

# The name GTK 4.8 gives an accessible nothing names: its widget's type name.
TYPE_NAME = re.compile(r'^(Gtk|Adw|Rapport)[A-Z][A-Za-z]*$')
MNEMONIC = re.compile(r'(^|\W)_[^\W\d_]|[^\W\d_]_[^\W\d_]')

# What GTK 4.8 and libadwaita 1.2 build inside their own widgets, unnamed, with no way for the
# app to name it: (window walked, the offender's path ends with, why).
ALLOWED = [
    ('Preferences', '[frame] "Preferences" > [entry] ""',
     'the search entry AdwPreferencesWindow makes itself'),
    ('the shortcuts window', '[entry] ""',
     'the search entry GtkShortcutsWindow makes itself'),
    ('the shortcuts window', '[push button] ""',
     'the section and back buttons GtkShortcutsWindow makes itself'),
    ('the Add Account dialog', '[text] "API Token" > [push button] ""',
     'the show-text button AdwPasswordEntryRow makes itself'),
    ('the Replace Token dialog', '[text] "New API Token" > [push button] ""',
     'the show-text button AdwPasswordEntryRow makes itself'),
    ('the canned responses manager', '[combo box] "Preview with ticket" > [push button] ""',
     'the button GtkDropDown makes itself inside the named combo box'),
    ('the Add Account dialog', '[combo box] "Helpdesk" > [list] "" > [list item] ""',
     'the current value AdwComboRow shows in a list view of its own; a factory of the '
     'app would name it, but loses the check mark of the selected item in the popover'),
]


# Rows: named from the data they show (a subject, then a snippet of the same words), so
# the mnemonic and doubled-name rules, which catch GTK's label artefacts, skip them.
ROWS = {pyatspi.ROLE_LIST_ITEM, pyatspi.ROLE_TABLE_CELL, pyatspi.ROLE_TREE_ITEM}


def is_interactive(acc, role):
    if role in INTERACTIVE:
        return True
    if role in ROWS:
        try:
            states = acc.getState()
        except GLib.GError:
            return False
        return states.contains(pyatspi.STATE_FOCUSABLE) or \
            states.contains(pyatspi.STATE_SELECTABLE)
    return False


def role_name(acc):
    try:
        return acc.getRoleName()
    except GLib.GError:
        return '?'


def words_of(name):
    return [re.sub(r'\W', '', word.replace('_', '')).lower() for word in name.split()]


def doubled(name):
    """True when the name starts with the same words twice, as GTK 4.8 makes it from both a
    label and a mnemonic label: "Retry Now Retry Now", "_Retry Now Retry Now",
    "Order reference Order Reference (Optional)", "Preview with ticket Preview With"."""
    words = words_of(name)
    for cut in range(1, len(words)):
        head, tail = words[:cut], words[cut:]
        shorter = min(len(head), len(tail))
        if head[:shorter] == tail[:shorter]:
            return True
    return False


def first_inner_name(acc, depth=0):
    """The first real name below acc, to say where a list item's name went."""
    for child in children(acc):
        name = safe_name(child)
        if name and not TYPE_NAME.match(name):
            return name
        if depth < 4:
            inner = first_inner_name(child, depth + 1)
            if inner:
                return inner
    return ''


class Offender:
    def __init__(self, window, path, rule):
        self.window = window
        self.path = path
        self.rule = rule

    def __str__(self):
        return '%s: %s\n    at %s' % (self.window, self.rule, ' > '.join(self.path))


def describe(acc, role, name):
    return '[%s] "%s"' % (role_name(acc), name[:60] + ('…' if len(name) > 60 else ''))


def walk(root, window):
    """Every offender under root (the accessible of one window, dialog or popover)."""
    offenders = []
    # A stack of (accessible, depth, path, controls above: list of (role, name)).
    stack = [(root, 0, [], [])]
    seen = 0
    while stack:
        acc, depth, path, controls = stack.pop()
        seen += 1
        role = safe_role(acc)
        name = safe_name(acc)
        if TYPE_NAME.match(name):
            name = ''
        shown_path = path + [describe(acc, role, name)]
        # Unnamed panels and fillers are left out of the paths printed below them.
        here = shown_path if name or role not in (pyatspi.ROLE_PANEL, pyatspi.ROLE_FILLER) \
            else path
        interactive = role is not None and is_interactive(acc, role)
        if depth == 0 and role in WINDOWS and not name:
            offenders.append(Offender(window, shown_path, 'unnamed %s: a screen reader '
                                      'announces it as nothing' % role_name(acc)))
        if interactive:
            if not name:
                inner = first_inner_name(acc) if role == pyatspi.ROLE_LIST_ITEM else ''
                offenders.append(Offender(window, shown_path,
                                          'unnamed %s' % role_name(acc) +
                                          (' (its inner widget is named "%s")' % inner[:60]
                                           if inner else '')))
            elif role not in ROWS and doubled(name):
                offenders.append(Offender(window, shown_path,
                                          'name "%s" says the same text twice' % name))
            elif role not in ROWS and role != pyatspi.ROLE_TEXT and MNEMONIC.search(name):
                offenders.append(Offender(window, shown_path,
                                          'name "%s" shows a mnemonic underscore' % name))
            if name and (role, name) in controls:
                offenders.append(Offender(window, shown_path,
                                          '%s "%s" inside a %s of the same name' %
                                          (role_name(acc), name, role_name(acc))))
        if depth >= MAX_DEPTH:
            continue
        inner_controls = controls + [(role, name)] if interactive and name else controls
        for child in reversed(children(acc)):
            stack.append((child, depth + 1, here, inner_controls))
    return offenders, seen


def allowed(offender):
    for window, path_end, why in ALLOWED:
        if offender.window.startswith(window) and ' > '.join(offender.path).endswith(path_end):
            return why
    return None


class Walker:
    def __init__(self):
        self.offenders = []
        self.walked = []

    def check(self, label, root):
        offenders, seen = walk(root, label)
        kept = []
        for offender in offenders:
            why = allowed(offender)
            if why is not None:
                print('# allowed in %s: %s (%s)' % (label, offender.path[-1], why), flush=True)
            else:
                print('# offender: %s' % offender, flush=True)
                kept.append(offender)
        self.offenders.extend(kept)
        self.walked.append(label)
        step('walked %s: %d accessibles, %d offenders' % (label, seen, len(kept)))


def app_windows(app):
    return [w for w in children(app.accessible)]


def window_named(app, title, roles=(pyatspi.ROLE_FRAME, pyatspi.ROLE_DIALOG,
                                     pyatspi.ROLE_WINDOW)):
    for window in app_windows(app):
        if safe_role(window) in roles and safe_name(window) == title:
            return window
    return None


def new_window(app, before):
    """A toplevel of the app that was not there before (compared by name and role)."""
    for window in app_windows(app):
        key = (safe_role(window), safe_name(window))
        if key not in before:
            return window
    return None


def window_keys(app):
    return {(safe_role(w), safe_name(w)) for w in app_windows(app)}


def is_popover(acc):
    """A popover or menu: GTK 4.8 shows an open one under the widget it points at."""
    role = safe_role(acc)
    return role in (pyatspi.ROLE_MENU, pyatspi.ROLE_POPUP_MENU, pyatspi.ROLE_WINDOW,
                    pyatspi.ROLE_DIALOG) or safe_name(acc).startswith('GtkPopover')


def is_expanded_button(acc):
    return safe_role(acc) in (pyatspi.ROLE_GROUPING, pyatspi.ROLE_PUSH_BUTTON,
                              pyatspi.ROLE_TOGGLE_BUTTON) and \
        acc.getState().contains(pyatspi.STATE_EXPANDED)


def popover_open(session):
    """The open popover or menu of the main window, or None. GTK 4.10 and later show a popover
    as a nameless panel inside the widget it points at: then the menu button reported expanded,
    popover included."""
    return find(session.frame, is_popover) or find(session.frame, is_expanded_button)


def main_window_ready(session, what):
    session.wait_list_row('Tickets', 'rows (%s)' % what, lambda label: label != '')
    session.wait_list_row('Conversation', 'a message (%s)' % what, lambda label: label != '')


def run(app, output_dir):
    session = Session(app, output_dir)
    walker = Walker()

    app.accessible = session.wait_for(
        'rapport (pid %d) to appear on the accessibility bus' % app.pid,
        lambda: find_app(app), context=lambda: pyatspi.Registry.getDesktop(0))
    session.frame = session.wait_for(
        'the frame "Rapport"',
        lambda: window_named(app, 'Rapport', (pyatspi.ROLE_FRAME,)),
        context=lambda: app.accessible)
    main_window_ready(session, 'agent')
    walker.check('the main window (agent)', session.frame)

    def open_popover(keys, label):
        keys()
        popover = session.wait_for('%s to open' % label, lambda: popover_open(session))
        time.sleep(0.3)
        walker.check('%s, [%s] "%s"' % (label, role_name(popover), safe_name(popover)), popover)
        send_key(KEY_ESCAPE)
        session.wait_for('%s to close' % label, lambda: popover_open(session) is None)
        give_focus_back(E2EFailure)

    def open_window(keys, label, close=lambda: send_key(KEY_ESCAPE)):
        before = window_keys(app)
        keys()
        window = session.wait_for('%s to open' % label, lambda: new_window(app, before),
                                  context=lambda: app.accessible)
        give_focus_back(E2EFailure)
        time.sleep(0.5)
        walker.check('%s [%s] "%s"' % (label, role_name(window), safe_name(window)), window)
        close()
        session.wait_for('%s to close' % label, lambda: new_window(app, before) is None,
                         context=lambda: app.accessible)
        give_focus_back(E2EFailure)
        return window

    # The popovers and menus of the main window.
    open_popover(lambda: send_ctrl_shift(ord('S')), 'the status menu')
    open_popover(lambda: send_ctrl_shift(ord('A')), 'the assign popover')
    # The Ticket Menu has no key of its own (its items have: Ctrl+Shift+R, Ctrl+Shift+C): it is
    # the next stop after the Assign button, which the assign popover gives the focus back to.
    open_popover(lambda: tab_to_and_press(session, session.frame, 'Ticket Menu'),
                 'the Ticket Menu')
    open_popover(lambda: send_key(KEY_F10), 'the main menu')
    session.start_reply()
    open_popover(lambda: send_ctrl(ord('k')), 'the knowledge search popover')

    # The search results (Ctrl+F, a query).
    send_ctrl(ord('f'))
    session.wait_for('the search entry to have keyboard focus after Ctrl+F',
                     lambda: search_entry_focused(session))
    type_text('refund')
    session.wait_list_row('Search results', 'rows', lambda label: label != '')
    time.sleep(0.5)
    walker.check('the main window (search results)', session.frame)
    send_key(KEY_ESCAPE)

    # The dialogs and windows.
    open_window(lambda: send_ctrl_shift(ord('R')), 'the Refund dialog')
    open_window(lambda: send_ctrl_shift(ord('C')), 'the Credit dialog')
    open_window(lambda: send_ctrl(ord(',')), 'Preferences')
    open_window(lambda: send_ctrl(ord('?')), 'the shortcuts window')
    open_window(lambda: menu_item(session, 'Add Account…'), 'the Add Account dialog')
    open_window(lambda: menu_item(session, 'Canned Responses…'), 'the canned responses manager',
                close=lambda: discard_new_response(session, walker))

    # The whole-message window: Chloé's first message on "Invoice needed with VAT number" (a
    # search for it, Enter) is her bookkeeping's export, too long for the conversation.
    open_long_message(session)
    open_window(lambda: tab_to_and_press(session, session.frame, 'Show Whole Message'),
                'the whole-message window')
    leave_search(session)

    # Preferences > Accounts: the "Remove…" dialog of the demo account, cancelled (Escape).
    preferences = open_preferences(session)
    open_window(lambda: tab_to_and_press(session, preferences, 'Remove ' + AGENT),
                'the Remove dialog')
    close_preferences(session, preferences)

    # An account with an API token: Add Account… (main menu) on a loopback Request Tracker
    # (fake_rt.py) whose first sync sets a damaged ticket aside. Its window with the records
    # set aside, their list (Details), the collision dialog on its other ticket, and in
    # Preferences its "Replace Token…" and "Remove…" dialogs, both cancelled.
    rt = FakeRt()
    try:
        add_rt_account(session, rt)
        walker.check('the main window (Request Tracker, records set aside)', session.frame)
        open_popover(lambda: tab_to_and_press(session, session.frame, 'Details'),
                     'the records set aside')
        # The collision dialog: the agent answers ticket 1 (r, a reply), the customer writes
        # meanwhile (on the server), Ctrl+Return: Rapport pulls before sending, finds her
        # new message and asks. Walked, cancelled (Escape): nothing is sent, the text stays.
        open_rt_ticket(session)
        reply = session.start_reply()
        type_text(REPLY)
        session.wait_for('the reply to be typed', lambda: REPLY in (text_of(reply) or ''))
        rt.customer_writes()
        step('the customer answered "%s" on the server' % RT_SUBJECT)
        open_window(lambda: send_ctrl(KEY_RETURN), 'the collision dialog')
        if not walker.walked[-1].endswith('"%s"' % COLLISION):
            raise E2EFailure('Ctrl+Return should have asked "%s"; it opened %s'
                             % (COLLISION, walker.walked[-1]))
        if REPLY not in (text_of(reply) or ''):
            raise E2EFailure('the reply should stay in the composer after Cancel; it holds:\n%s'
                             % text_of(reply))
        sent = [path for path in rt.paths() if '/correspond' in path or '/comment' in path]
        if sent:
            raise E2EFailure('Cancel in the collision dialog still sent: %s' % sent)
        step('the collision dialog was cancelled; the reply stayed unsent')
        # The reply given up (Ctrl+A, BackSpace): no draft outlives the account. The focus
        # back in the ticket list (Ctrl+F, Escape), where the steps below start.
        send_ctrl(ord('a'))
        send_key(KEY_BACKSPACE)
        session.wait_for('the composer to be empty',
                         lambda: (text_of(reply) or '').strip() == '')
        leave_search(session)
        preferences = open_preferences(session)
        open_window(lambda: tab_to_and_press(session, preferences, 'Replace token of ' + RT_HOST),
                    'the Replace Token dialog')
        open_window(lambda: tab_to_and_press(session, preferences, 'Remove ' + RT_HOST),
                    'the Remove dialog (an account with a token)')
        close_preferences(session, preferences)

        # The supervisor's main window: the Approvals view with a request selected.
        switch_to_supervisor(session)
        walker.check('the main window (supervisor, Approvals)', session.frame)

        # Last, with nothing left to walk that needs them: every account removed for good
        # (Remove…, Alt+R; the demo's two go together), the window shows its welcome page,
        # walked with its Main Menu (F10).
        preferences = open_preferences(session)
        remove_account(session, preferences, 'Remove ' + RT_HOST)
        remove_account(session, preferences, 'Remove ' + AGENT)
        session.wait_for('the welcome page', lambda: find(session.frame, is_welcome_page))
        close_preferences(session, preferences)
    finally:
        rt.stop()
    time.sleep(0.5)
    walker.check('the main window (welcome page)', session.frame)
    open_popover(lambda: send_key(KEY_F10), 'the main menu (welcome page)')

    if walker.offenders:
        raise E2EFailure('%d controls without one clean accessible name:\n%s'
                         % (len(walker.offenders), '\n'.join(str(o) for o in walker.offenders)))
    step('no offender in %d windows, dialogs and popovers' % len(walker.walked))


def send_ctrl_shift(keysym):
    send_with((1 << int(Atspi.ModifierType.CONTROL)) | (1 << int(Atspi.ModifierType.SHIFT)),
              keysym)


def send_shift(keysym):
    send_with(1 << int(Atspi.ModifierType.SHIFT), keysym)


def send_with(mask, keysym):
    Atspi.generate_keyboard_event(mask, None, Atspi.KeySynthType.LOCKMODIFIERS)
    try:
        send_key(keysym)
    finally:
        Atspi.generate_keyboard_event(mask, None, Atspi.KeySynthType.UNLOCKMODIFIERS)
    time.sleep(0.05)


def discard_new_response(session, walker):
    """In the canned responses manager: a new response (Ctrl+N) with only a title cannot be
    saved, so Escape asks "Discard Changes?" (a message dialog), walked; Alt+D discards it and
    the manager closes."""
    app = session.app
    send_ctrl(ord('n'))
    time.sleep(0.5)
    send_key(ord('x'))
    time.sleep(0.5)
    send_key(KEY_ESCAPE)
    dialog = session.wait_for('the message dialog "Discard Changes?"',
                              lambda: window_named(app, 'Discard Changes?'),
                              context=lambda: app.accessible)
    time.sleep(0.5)
    walker.check('the message dialog "Discard Changes?"', dialog)
    send_alt(ord('d'))


def focused_in(root):
    """The name of the accessible with keyboard focus under root, or ''. GTK 4.8 leaves the
    state "focused" on a widget that had the focus when its page of a stack was hidden (the
    main view under the welcome page): the one shown wins."""
    def has_focus(acc):
        try:
            return acc.getState().contains(pyatspi.STATE_FOCUSED)
        except GLib.GError:
            return False

    def showing(acc):
        try:
            return acc.getState().contains(pyatspi.STATE_SHOWING)
        except GLib.GError:
            return False
    acc = find(root, lambda acc: has_focus(acc) and showing(acc)) or find(root, has_focus)
    return safe_name(acc) if acc is not None else ''


def tab_to_and_press(session, root, name, most=40):
    """Tab (in root, a window) until the control of that name has keyboard focus, then Enter:
    the way a keyboard user reaches a control that has no key of its own."""
    press_until(session, KEY_TAB, 'the control "%s" to have keyboard focus' % name,
                lambda: focused_in(root) == name, most=most)
    send_key(KEY_RETURN)


def open_preferences(session):
    """Preferences (Ctrl+,): its window."""
    app = session.app
    send_ctrl(ord(','))
    preferences = session.wait_for('Preferences to open', lambda: window_named(app, 'Preferences'),
                                   context=lambda: app.accessible)
    give_focus_back(E2EFailure)
    time.sleep(0.5)
    return preferences


def close_preferences(session, preferences):
    app = session.app
    time.sleep(0.5)
    send_key(KEY_ESCAPE)
    session.wait_for('Preferences to close', lambda: window_named(app, 'Preferences') is None,
                     context=lambda: app.accessible)
    give_focus_back(E2EFailure)


def open_long_message(session):
    """Ctrl+F, the query, Enter: the first result's ticket is shown."""
    send_ctrl(ord('f'))
    session.wait_for('the search entry to have keyboard focus after Ctrl+F',
                     lambda: search_entry_focused(session))
    send_ctrl(ord('a'))
    type_text(LONG_QUERY)
    session.wait_list_row('Search results', 'a row about "%s"' % LONG_SUBJECT,
                          lambda label: LONG_SUBJECT in label)
    send_key(KEY_RETURN)
    session.wait_list_row('Conversation', 'the long message of "%s"' % LONG_SUBJECT,
                          lambda label: LONG_START in label)
    step('the conversation of "%s" shows the start of the long message' % LONG_SUBJECT)
    # Tab into the conversation: its first row, the long message, above the view. GTK 4.8
    # gives the focus to the row itself, out of view, and the next Tab would leave it for the
    # next row's text: Down and Up bring it into view, then Tab reaches its button.
    press_until(session, KEY_TAB, 'the long message to have keyboard focus',
                lambda: LONG_START in focused_name(session), most=20)
    send_key(KEY_DOWN)
    time.sleep(0.3)
    send_key(KEY_UP)
    session.wait_for('the long message to have keyboard focus again',
                     lambda: LONG_START in focused_name(session))


def leave_search(session):
    """Ctrl+F, Escape: back to the ticket list, which has the keyboard focus."""
    send_ctrl(ord('f'))
    session.wait_for('the search entry to have keyboard focus after Ctrl+F',
                     lambda: search_entry_focused(session))
    send_key(KEY_ESCAPE)
    session.wait_for('a row of "Tickets" to have keyboard focus after Escape',
                     lambda: focused_row(session, 'Tickets') is not None)


def add_rt_account(session, rt):
    """Main Menu, Add Account…; in "Add Account" (Request Tracker is the only kind it offers):
    Alt+S, the address, Alt+T, the token, Enter. The account is checked, added and shown; its
    first sync sets one record aside."""
    app = session.app
    before = window_keys(app)
    menu_item(session, 'Add Account…')
    session.wait_for('the Add Account dialog to open', lambda: new_window(app, before),
                     context=lambda: app.accessible)
    give_focus_back(E2EFailure)
    time.sleep(0.5)
    send_alt(ord('s'))
    time.sleep(0.2)
    type_text(rt.url)
    send_alt(ord('t'))
    time.sleep(0.2)
    type_text(RT_TOKEN)
    send_key(KEY_RETURN)
    session.wait_for('the Add Account dialog to close', lambda: new_window(app, before) is None,
                     context=lambda: app.accessible)
    give_focus_back(E2EFailure)
    session.wait_for('the banner "%s"' % SET_ASIDE,
                     lambda: find(session.frame, lambda acc: safe_name(acc) == SET_ASIDE))
    step('added the account "%s" (%s); its first sync set a record aside' % (RT_HOST, rt.url))
    time.sleep(0.5)


def open_rt_ticket(session):
    """The Request Tracker account's ticket that reads: Ctrl+F, Escape (the focus in the
    ticket list), Down to its row, Enter; its conversation shows Chloé's last message."""
    session.wait_list_row('Tickets', 'the row "%s"' % RT_SUBJECT,
                          lambda label: RT_SUBJECT in label)
    leave_search(session)
    press_until(session, KEY_DOWN, 'the row "%s" to have keyboard focus' % RT_SUBJECT,
                lambda: RT_SUBJECT in (focused_row(session, 'Tickets') or ''))
    send_key(KEY_RETURN)
    session.wait_list_row('Conversation', 'the message "%s"' % RT_LAST,
                          lambda label: RT_LAST in label)
    step('the conversation of "%s" (%s) is shown' % (RT_SUBJECT, RT_HOST))
    time.sleep(0.5)


def remove_account(session, preferences, button):
    """In Preferences: Tab to the account's Remove… button, Enter, Alt+R (Remove); the
    account's row leaves Preferences."""
    app = session.app
    before = window_keys(app)
    tab_to_and_press(session, preferences, button)
    session.wait_for('the Remove dialog', lambda: new_window(app, before),
                     context=lambda: app.accessible)
    give_focus_back(E2EFailure)
    time.sleep(0.5)
    send_alt(ord('r'))
    session.wait_for('the button "%s" to leave Preferences' % button,
                     lambda: find(preferences, lambda acc: safe_name(acc) == button) is None,
                     context=lambda: preferences)
    session.wait_for('the Remove dialog to close', lambda: new_window(app, before) is None,
                     context=lambda: app.accessible)
    give_focus_back(E2EFailure)
    step('removed the account of the button "%s"' % button)


def is_welcome_page(acc):
    return safe_name(acc) == WELCOME


def menu_item(session, name):
    """Main Menu (F10), Down to the item of that name, Enter."""
    send_key(KEY_F10)
    session.wait_for('the main menu to open', lambda: popover_open(session))
    press_until(session, KEY_DOWN, 'the item "%s" to have keyboard focus' % name,
                lambda: focused_name(session) == name)
    send_key(KEY_RETURN)


def press_until(session, keysym, what, predicate, most=12, press=send_key):
    """Press a key until predicate holds, at most `most` times."""
    for _ in range(most):
        if predicate():
            return
        press(keysym)
        time.sleep(0.3)
    session.wait_for(what, predicate)


def focused_name(session):
    """The name of the accessible with keyboard focus in the main window, or ''."""
    def has_focus(acc):
        try:
            return acc.getState().contains(pyatspi.STATE_FOCUSED)
        except GLib.GError:
            return False
    acc = find(session.frame, has_focus)
    return safe_name(acc) if acc is not None else ''


def focused_row(session, list_name):
    """The name of the focused row of a list of the main window, or None."""
    rows = session.find_list(list_name)
    for item in children(rows) if rows is not None else []:
        try:
            if item.getState().contains(pyatspi.STATE_FOCUSED):
                return safe_name(item)
        except GLib.GError:
            continue
    return None


def switch_to_supervisor(session):
    """The account switcher (Shift+Tab from the ticket list), the supervisor's account; then
    the Approvals view (Tab into the views, Down, Enter) and a request (Tab into the list)."""
    press_until(session, KEY_TAB, 'the menu button "Switch account" to have keyboard focus',
                lambda: focused_name(session) == 'Switch account', press=send_shift)
    send_key(KEY_RETURN)
    session.wait_for('the account switcher to list "%s"' % SUPERVISOR,
                     lambda: find(session.frame, lambda acc: safe_name(acc) == SUPERVISOR))
    press_until(session, KEY_DOWN, 'the item "%s" to have keyboard focus' % SUPERVISOR,
                lambda: focused_name(session) == SUPERVISOR)
    send_key(KEY_RETURN)
    session.wait_list_row('Views', 'the row "Approvals" (supervisor)',
                          lambda label: label.startswith('Approvals'))
    give_focus_back(E2EFailure)
    step('switched to the account "%s"' % SUPERVISOR)

    press_until(session, KEY_TAB, 'a row of "Views" to have keyboard focus',
                lambda: focused_row(session, 'Views') is not None)
    press_until(session, KEY_DOWN, 'the row "Approvals" to have keyboard focus',
                lambda: (focused_row(session, 'Views') or '').startswith('Approvals'))
    send_key(KEY_RETURN)
    session.wait_list_row('Approval requests', 'a request', lambda label: label != '')
    press_until(session, KEY_TAB, 'a request to have keyboard focus',
                lambda: focused_row(session, 'Approval requests') is not None)
    session.wait_for('a request to be selected',
                     lambda: selected_label(session.find_list('Approval requests')))
    session.wait_for('the field "Note for the agent"',
                     lambda: find(session.frame,
                                  lambda acc: safe_name(acc) == 'Note for the agent'))
    step('the Approvals view shows the request "%s"'
         % selected_label(session.find_list('Approval requests')))
    time.sleep(0.5)


if __name__ == '__main__':
    sys.exit(script_main(run, __doc__, 'a11y'))
