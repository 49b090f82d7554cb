#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""A whole shift by keyboard against a real Request Tracker: triage, a reply, refunds, an approval.

Starts a throwaway Request Tracker 5 (rt-server.sh, in $RAPPORT_RT_WORKDIR) with the project's
server side loaded (rt-money-setup.pl: ana.agent of "Rapport Agents" and vic.supervisor of
"Rapport Supervisors", each with a token), tickets of four customers in the queue (some owned,
some not), and an RT Article of a knowledge-base class the agents may read and link
(rt-articles-grant.pl) whose content has a required field, {{order_number|Order number}}.
Then two real rapports (the classes of test_rt_money_e2e.py: each its own home, XDG dirs,
session bus and keyring, one X display and accessibility bus) are driven with real key events
only (XTest through AT-SPI; no pointer, no action or text call on a widget: the tree is only
read), and after every step RT is read back over REST2:

 a. RT: the tickets, the article, the people;
 b. ana adds her account (Add Account…); Alt+3 (All open); j to the last ticket and k back to
    the first, one row each; Ctrl+Shift+T takes an unowned ticket, Ctrl+Shift+S sets another
    On hold: RT says owner ana.agent and status stalled, changed by ana.agent;
 c. r (Reply) on the taken ticket: the article is suggestion 1; Alt+1 inserts it with the
    customer's first name and its required field selected; the order number is typed over it;
    Ctrl+Enter; after the undo-send window RT has the correspondence once, with the number and
    no placeholder, and the ticket refers to the article (the link RT's reply form makes);
 d. Ctrl+Shift+R on another customer's ticket: $25.00, within the limit; RT holds the money
    ticket with the verdict "allowed" and no approval;
 e. Ctrl+Shift+R: $80.00, over the limit; RT holds an open approval;
 f. vic's rapport: the view Approvals, the request, a note, Alt+A; RT: the approval resolved by
    vic.supervisor, the money ticket open;
 g. ana: Ctrl+R; the ticket shows "Refund of $80.00 approved" with vic's note, the customer's
    money summary counts both refunds; RT agrees.

Ends with a table of the steps and their times. Keys that change later change in KEYS alone.
Screenshots go to --output-dir and /tmp/rt-shift-e2e-*.png. Run by run-test.sh under an X
display and a session bus (tools/test). It never skips: what is missing is a failure.
"""

import os
import subprocess
import sys
import time

# Before gi is loaded (test_rt_money_e2e.py says why).
os.environ.pop('G_DEBUG', None)
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
# pylint: disable=wrong-import-position
import test_rt_e2e as rt  # noqa: E402
import test_rt_money_e2e as money  # noqa: E402
from test_rt_e2e import (E2EFailure, children, dump, find, has_state, pyatspi,  # noqa: E402
                         safe_name, safe_role, step, text_of)
from x_focus import give_focus_back  # noqa: E402

NAME = 'rt-shift-e2e'

# The keys of the shift (docs/ui-contract.md), each (modifiers, key). A key the window gains or
# changes is a one-line change here. The supervisor reaches Approvals with Ctrl+Page Down (next
# view); None would reach it as test_rt_money_e2e.py does (Tab into "Views", Down).
KEYS = {
    'all open': (['alt'], '3'),
    'next ticket': ([], 'j'),
    'previous ticket': ([], 'k'),
    'take': (['ctrl', 'shift'], 't'),
    'status': (['ctrl', 'shift'], 's'),
    'reply': ([], 'r'),
    'insert suggestion 1': (['alt'], '1'),
    'send': (['ctrl'], 'Return'),
    'refund': (['ctrl', 'shift'], 'r'),
    'next view': (['ctrl'], 'Page_Down'),
    'approve': (['alt'], 'a'),
    'sync': (['ctrl'], 'r'),
}

AGENT_LOGIN = 'ana.agent'
CUSTOMER = {'email': 'rosa.lind@example.com', 'name': 'Rosa Lind'}
PARCEL = {'subject': 'My parcel has not arrived',
          'content': 'Hello, I ordered a desk lamp two weeks ago and the parcel has not arrived. '
                     'The tracking page has not changed since Monday.'}
# A knowledge-base class (its name has no word of a canned-response class): its articles are
# suggested as articles, and one used in a reply is linked to the ticket.
ARTICLE_CLASS = 'Shipping FAQ'
ARTICLE = {'name': 'Parcel has not arrived',
           'content': 'Hi {{customer.first_name}},\n\nSorry that your parcel has not arrived yet. '
                      'When the tracking page has not changed for days, the carrier has often '
                      'missed a scan: I have asked them to trace order '
                      '{{order_number|Order number}} and I will write to you by Friday with what '
                      'they find.\n\nBest regards'}
PLACEHOLDER = '{{order_number|Order number}}'
ORDER = '5531'
# The rest of the team's knowledge base, in a class of canned responses: none is about parcels
# (with a base of two the ranker's inverse document frequencies would be close to nothing).
OTHER_CLASS = 'Canned responses'
OTHER_ARTICLES = (
    ('Password reset', 'Hi {{customer.first_name}}, you can choose a new password from the '
                       'sign-in page: follow "Forgot your password?".'),
    ('Billing address', 'Hi {{customer.first_name}}, you can change the billing address on '
                        'your account page; new invoices will show it.'),
    ('Invoice copy', 'Hi {{customer.first_name}}, a copy of every invoice is under Account, '
                     'Invoices, as a PDF.'),
    ('Cancel a subscription', 'Hi {{customer.first_name}}, your subscription ends at the close '
                              'of the current month; nothing more will be charged.'),
    ('Damaged item', 'Hi {{customer.first_name}}, please send us a photo of the damage and we '
                     'will replace the item.'),
    ('Payment card', 'Hi {{customer.first_name}}, to update your payment card open Account, '
                     'Payment methods.'),
    ('Close an account', 'Hi {{customer.first_name}}, we have closed your account and deleted '
                         'your data as you asked.'),
    ('Opening hours', 'Hi {{customer.first_name}}, our phone line is open on weekdays from 9 '
                      'to 17.'),
)
STATUS = ('On hold', 'stalled')        # the menu item, and RT's word for it
WITHIN = {'amount': '25', 'shown': '$25.00', 'wire': '25.00',
          'verdict': 'Within your limit (up to $50.00)', 'button': 'Refund $25.00'}
OVER = {'amount': money.AMOUNT, 'shown': '$80.00', 'wire': '80.00', 'verdict': money.VERDICT,
        'button': 'Request Approval'}


class Shift(money.Person):
    """A person at one rapport, with the moves of a shift and screenshots named for it."""

    story = NAME

    def press(self, name):
        self.keys.chord(*KEYS[name])

    def selected_index(self):
        for index, item in enumerate(children(self.find_list('Tickets'))):
            if has_state(item, pyatspi.STATE_SELECTED):
                return index
        return None

    def walk_tickets(self, count):
        """j from the first row to the last, then k back: each key moves the one selection by
        exactly one row."""
        self.focus_ticket_list()
        while self.selected_index() != 0:
            before = self.selected_index()
            self.press('previous ticket')
            self.wait_for('k to move the selection up from row %s' % before,
                          lambda: self.selected_index() != before,
                          context=lambda: self.find_list('Tickets'))
        path = [0]
        for name, target in [('next ticket', i) for i in range(1, count)] + \
                            [('previous ticket', i) for i in range(count - 2, -1, -1)]:
            self.press(name)
            self.wait_for('%s to select row %d' % (KEYS[name][1], target),
                          lambda: self.selected_index() == target,
                          context=lambda: self.find_list('Tickets'))
            path.append(target)
        return path

    def choose_menu_item(self, chord_name, item_name):
        """Open a menu by its key, Down to the item, Enter."""
        self.press(chord_name)
        item = self.wait_for('the menu item "%s"' % item_name,
                             lambda: find(self.app.frame, lambda acc: safe_role(acc) in (
                                 pyatspi.ROLE_MENU_ITEM, pyatspi.ROLE_RADIO_MENU_ITEM,
                                 pyatspi.ROLE_CHECK_MENU_ITEM) and safe_name(acc) == item_name))
        for _ in range(8):
            if has_state(item, pyatspi.STATE_FOCUSED):
                break
            self.keys.press('Down')
            time.sleep(0.1)
        else:
            raise E2EFailure('Down never reached "%s":\n%s' % (item_name, dump(item.parent)))
        self.keys.press('Return')
        self.wait_for('the menu to close',
                      lambda: find(self.app.frame, lambda acc: safe_role(acc) == pyatspi.ROLE_MENU
                                   and has_state(acc, pyatspi.STATE_VISIBLE)) is None)
        # The X focus back to the window, as a window manager gives it when a menu closes (GTK
        # 4.14 and later report no focused control in a window that is not active).
        give_focus_back(E2EFailure)

    def suggestion(self, number):
        suggestions = self.find_list('Suggested replies')
        rows = children(suggestions) if suggestions is not None else []
        return next((safe_name(row) for row in rows
                     if safe_name(row).startswith('Suggestion %d: ' % number)), None)


# ------------------------------------------------------------------------------------------
# RT: the queue, the articles, and what RT says


def create_article(rest, class_name, name, content):
    answer = rest.request('POST', 'article', {'Name': name, 'Summary': name, 'Class': class_name,
                                              'CustomFields': {'Content': content}},
                          expect=(201,))
    return int(answer['id'])


def set_up_rt(server, rest, args):
    """Returns {name: ticket id} and the article's id."""
    ids = {'money': money.set_up_rt(server, rest, args.setup, args.datafile)}
    seeded = rt.seed(rest)
    ids['printer'] = seeded[rt.PRINTER['subject']]
    ids['invoice'] = seeded[rt.INVOICE['subject']]
    ids['parcel'] = money.create_customer_ticket(rest, CUSTOMER, PARCEL)
    # As an administrator lets agents read (and link) articles: Admin → Global → Group Rights.
    done = subprocess.run(['/usr/bin/perl', args.articles_grant, server.workdir, 'SeeClass',
                           'ShowArticle', 'ModifyArticle'],
                          capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise E2EFailure('rt-articles-grant.pl failed (%d):\n%s%s'
                         % (done.returncode, done.stdout, done.stderr))
    for class_name in (ARTICLE_CLASS, OTHER_CLASS):
        rest.request('POST', 'class', {'Name': class_name}, expect=(201,))
    article = create_article(rest, ARTICLE_CLASS, ARTICLE['name'], ARTICLE['content'])
    for name, content in OTHER_ARTICLES:
        create_article(rest, OTHER_CLASS, name, content)
    for name in ('invoice', 'parcel'):
        if rest.ticket(ids[name])['Owner']['id'] != 'Nobody':
            raise E2EFailure('ticket %d should be unowned' % ids[name])
    return ids, article


def history(rest, ticket_id):
    return rest.collection('ticket/%d/history?orderby=id&fields=Type,Field,Creator,OldValue,NewValue'
                           % ticket_id)


def changes_by(rest, ticket_id, login, field):
    """(type, old, new) of the ticket's changes of field (Owner, Status) made by login."""
    found = []
    for item in history(rest, ticket_id):
        if (item.get('Creator') or {}).get('id') != login:
            continue
        if item.get('Field') == field or (field == 'Status' and item.get('Type') == 'Status') or \
                (field == 'Owner' and item.get('Type') in ('Take', 'Give', 'Steal', 'Force')):
            found.append((item.get('Type'), item.get('OldValue'), item.get('NewValue')))
    return found


def user_name(rest, user_id):
    """The login of an RT user id (history values of Owner are ids)."""
    return rest.request('GET', 'user/%s' % user_id)['Name']


def links(record, ref):
    return [(link.get('type'), link.get('id')) for link in record.get('_hyperlinks') or []
            if link.get('ref') == ref]


def custom_field(record, name):
    for field in record.get('CustomFields') or []:
        if field.get('name') == name:
            values = field.get('values') or []
            return values[0] if values else None
    return None


def money_ticket_for(rest, wire):
    """(id, record) of the one money ticket of that amount, or None."""
    found = []
    for ticket_id, _status in money.money_tickets(rest):
        record = rest.ticket(ticket_id)
        if custom_field(record, 'Money amount') == wire:
            found.append((ticket_id, record))
    if len(found) > 1:
        raise E2EFailure('RT holds %d money tickets of %s' % (len(found), wire))
    return found[0] if found else None


def verdicts(rest, ticket_id):
    """The policy verdicts RT recorded on a money ticket (its comments)."""
    return [text.split('\n', 1)[0] for kind, text in rest.transactions(ticket_id)
            if kind == 'Comment' and text.startswith('Rapport policy verdict: ')]


# ------------------------------------------------------------------------------------------
# The shift


def run(server, agent, supervisor, timer, args, run_id):
    rest = agent.rest

    # a. RT
    started = server.start()
    ids, article = set_up_rt(server, rest, args)
    subjects = {'money': money.TICKET['subject'], 'printer': rt.PRINTER['subject'],
                'invoice': rt.INVOICE['subject'], 'parcel': PARCEL['subject']}
    step(timer, 'a. RT up at %s in %.1f s; the server side loaded (ana.agent, vic.supervisor); '
         'tickets %s of 4 customers (invoice and parcel unowned, printer sam.agent\'s, '
         'money ana\'s); article %d "%s" (class "%s", with %s) readable and linkable by agents'
         % (server.url, started, ', '.join('%s %d' % item for item in sorted(ids.items())),
            article, ARTICLE['name'], ARTICLE_CLASS, PLACEHOLDER))

    # b. Her account and the triage.
    agent.open_with_account(server, 'token-ana')
    agent.press('all open')
    agent.wait_for('the view "All open"', lambda: agent.view_selected('All open'))
    labels = agent.wait_for('"All open" to list the four tickets',
                            lambda: (lambda rows: rows if all(
                                any(subject in row for row in rows) for subject in subjects.values())
                                     else None)(agent.ticket_rows()),
                            timeout=60, context=lambda: agent.find_list('Tickets'))
    path = agent.walk_tickets(len(labels))
    step(timer, 'b. ana added her account (Add Account…); Alt+3 "All open" lists %d tickets; '
         'j and k moved the selection one row at a time: rows %s'
         % (len(labels), ' '.join(str(i + 1) for i in path)))

    agent.select_ticket(PARCEL['subject'])
    pressed = time.monotonic()
    agent.press('take')
    agent.wait_for('RT to say ticket %d is owned by %s' % (ids['parcel'], AGENT_LOGIN),
                   lambda: rest.ticket(ids['parcel'])['Owner']['id'] == AGENT_LOGIN,
                   timeout=60, context=lambda: None)
    took_after = time.monotonic() - pressed
    took = [(kind, user_name(rest, old), user_name(rest, new))
            for kind, old, new in changes_by(rest, ids['parcel'], AGENT_LOGIN, 'Owner')]
    if ('Set', 'Nobody', AGENT_LOGIN) not in took:
        raise E2EFailure('RT has no owner change Nobody → %s by %s on ticket %d: %s'
                         % (AGENT_LOGIN, AGENT_LOGIN, ids['parcel'], took))
    agent.wait_for('the ticket to say it is assigned to %s' % money.AGENT,
                   lambda: find(agent.app.frame, lambda acc: rt.safe_description(acc) ==
                                'Assigned to %s' % money.AGENT))

    agent.select_ticket(rt.INVOICE['subject'])
    pressed = time.monotonic()
    agent.choose_menu_item('status', STATUS[0])
    agent.wait_for('RT to say ticket %d is %s' % (ids['invoice'], STATUS[1]),
                   lambda: rest.ticket(ids['invoice'])['Status'] == STATUS[1],
                   timeout=60, context=lambda: None)
    status_after = time.monotonic() - pressed
    status_changes = changes_by(rest, ids['invoice'], AGENT_LOGIN, 'Status')
    if not any(change[2] == STATUS[1] for change in status_changes):
        raise E2EFailure('RT has no status change to %s by %s on ticket %d: %s'
                         % (STATUS[1], AGENT_LOGIN, ids['invoice'], status_changes))
    agent.screenshot('1-triage', 'ana\'s queue after the triage')
    step(timer, 'b. Ctrl+Shift+T on "%s": RT owner %s after %.1f s (changed by %s: %s); '
         'Ctrl+Shift+S, Down to "%s", Enter on "%s": RT status %s after %.1f s (by %s: %s)'
         % (PARCEL['subject'], AGENT_LOGIN, took_after, AGENT_LOGIN, took, STATUS[0],
            rt.INVOICE['subject'], STATUS[1], status_after, AGENT_LOGIN, status_changes))

    # c. The reply with the article.
    agent.select_ticket(PARCEL['subject'])
    agent.wait_for('the conversation of "%s"' % PARCEL['subject'],
                   lambda: agent.conversation_row(PARCEL['content']),
                   context=lambda: agent.find_list('Conversation'))
    agent.press('reply')
    view = agent.wait_for('r to put the focus in the composer, in Reply mode',
                          lambda: (lambda text: text if text is not None and
                                   has_state(text, pyatspi.STATE_FOCUSED) and
                                   safe_name(text) == 'Reply' else None)(agent.composer_text()),
                          context=agent.composer)
    expected = 'Suggestion 1: %s, knowledge-base article' % ARTICLE['name']
    shown = agent.wait_for('"%s" in "Suggested replies"' % expected,
                           lambda: (lambda name: name if name and name.startswith(expected)
                                    else None)(agent.suggestion(1)),
                           timeout=60, context=lambda: agent.find_list('Suggested replies') or
                           agent.composer())
    agent.press('insert suggestion 1')
    first_name = CUSTOMER['name'].split()[0]
    rendered = ARTICLE['content'].replace('{{customer.first_name}}', first_name)
    agent.wait_for('Alt+1 to insert the article for %s' % first_name,
                   lambda: text_of(view).strip() == rendered, context=agent.composer)
    start = rendered.index(PLACEHOLDER)
    text = view.queryText()
    selection = (text.getSelection(0) if text.getNSelections() > 0 else None)
    if selection is None or tuple(selection) != (start, start + len(PLACEHOLDER)):
        raise E2EFailure('the required field %s (characters %d to %d) should be selected; the '
                         'selection is %s' % (PLACEHOLDER, start, start + len(PLACEHOLDER),
                                              selection))
    agent.keys.type(ORDER)
    reply = rendered.replace(PLACEHOLDER, ORDER)
    agent.wait_for('the typed order number to replace the field',
                   lambda: text_of(view).strip() == reply, context=agent.composer)
    agent.screenshot('2-reply', 'the reply with the article and the order number')
    pressed = time.monotonic()
    agent.press('send')
    agent.wait_for('the undo bar "Sending the reply in N s…"',
                   lambda: agent.undo_bar('Sending the reply in '), timeout=rt.UNDO_SEND_SECONDS)
    rt.expect_on_server(agent, ids['parcel'], reply, 'Correspond', timeout=60)
    sent_after = time.monotonic() - pressed
    if sent_after < rt.UNDO_SEND_SECONDS:
        raise E2EFailure('the reply reached RT %.1f s after Ctrl+Enter, inside the %d s undo '
                         'window' % (sent_after, rt.UNDO_SEND_SECONDS))
    leftover = [body for body in rest.all_text(ids['parcel']) if '{{' in body]
    if leftover:
        raise E2EFailure('RT holds a placeholder on ticket %d: %r' % (ids['parcel'], leftover))
    agent.wait_for('ticket %d to refer to article %d' % (ids['parcel'], article),
                   lambda: ('article', str(article)) in links(rest.ticket(ids['parcel']),
                                                              'refers-to'),
                   timeout=30, context=lambda: None)
    step(timer, 'c. r: the composer in Reply mode; "%s"; Alt+1 inserted it for %s with %s '
         'selected; %s typed over it; Ctrl+Enter; RT has the reply once %.1f s later (undo window '
         '%d s), with %s and no placeholder, and ticket %d refers to article %d'
         % (shown, first_name, PLACEHOLDER, ORDER, sent_after, rt.UNDO_SEND_SECONDS, ORDER,
            ids['parcel'], article))

    # d. A refund within her limit.
    agent.select_ticket(money.TICKET['subject'])
    within_reason = 'Late delivery of order 1042, ref %s' % run_id
    pressed = time.monotonic()
    agent.money_dialog(KEYS['refund'], 'Refund', WITHIN['amount'], WITHIN['verdict'],
                       within_reason, WITHIN['button'])
    confirmed = time.monotonic()
    agent.wait_for('the toast "Refund of %s queued"' % WITHIN['shown'],
                   lambda: agent.label_starting('Refund of %s queued' % WITHIN['shown']))
    done = agent.wait_for('RT to hold the %s money ticket' % WITHIN['shown'],
                          lambda: money_ticket_for(rest, WITHIN['wire']), timeout=60,
                          context=lambda: None)
    within_id, record = done
    within_after = time.monotonic() - confirmed
    within_verdicts = agent.wait_for('RT\'s verdict on money ticket %d' % within_id,
                                     lambda: verdicts(rest, within_id), context=lambda: None)
    if not within_verdicts[0].startswith('Rapport policy verdict: allowed') or \
            links(record, 'depends-on') or money.approvals_of(rest) or \
            record['Status'] == 'rejected':
        raise E2EFailure('money ticket %d should be allowed without approval: verdicts %s, '
                         'depends on %s, approvals %s, status %s'
                         % (within_id, within_verdicts, links(record, 'depends-on'),
                            money.approvals_of(rest), record['Status']))
    if ('ticket', str(ids['money'])) not in links(record, 'refers-to'):
        raise E2EFailure('money ticket %d does not refer to ticket %d: %s'
                         % (within_id, ids['money'], links(record, 'refers-to')))
    step(timer, 'd. Ctrl+Shift+R, %s: "%s"; Enter, the reason, Enter ("%s") %.1f s after the key; '
         'RT: money ticket %d (%s, %s) for ticket %d %.1f s later, "%s", no approval'
         % (WITHIN['amount'], WITHIN['verdict'], WITHIN['button'], confirmed - pressed,
            within_id, WITHIN['wire'], record['Status'], ids['money'], within_after,
            within_verdicts[0]))

    # e. A refund over her limit.
    over_reason = 'Charged twice for order 1042, ref %s' % run_id
    agent.money_dialog(KEYS['refund'], 'Refund', OVER['amount'], OVER['verdict'], over_reason,
                       OVER['button'])
    awaiting = 'Awaiting approval: %s refund requested by %s — %s' % (OVER['shown'], money.AGENT,
                                                                    over_reason)
    agent.wait_for('the ticket to show "%s"' % awaiting,
                   lambda: any(line == awaiting for line in
                               safe_name(agent.label_starting('Awaiting approval: ') or
                                         agent.app.frame).split('\n')))
    approval = agent.wait_for('RT to hold an open approval',
                              lambda: next((a for a, status in money.approvals_of(rest)
                                            if status == 'open'), None),
                              timeout=60, context=lambda: None)
    over_id, record = money_ticket_for(rest, OVER['wire'])
    if ('ticket', str(approval)) not in links(record, 'depends-on') or record['Status'] != 'new':
        raise E2EFailure('money ticket %d should wait (new) on approval %d: %s, depends on %s'
                         % (over_id, approval, record['Status'], links(record, 'depends-on')))
    agent.screenshot('3-awaiting', 'ana\'s ticket awaiting approval')
    step(timer, 'e. Ctrl+Shift+R, %s: "%s"; Enter, the reason, Enter; the ticket shows "%s"; RT: '
         'money ticket %d (new) depends on the open approval %d'
         % (OVER['amount'], OVER['verdict'], awaiting, over_id, approval))

    # f. vic approves in his own rapport.
    supervisor.open_with_account(server, 'token-vic')
    request = '%s: %s refund requested by ' % (money.CUSTOMER['name'], OVER['shown'])
    note = 'Approved: two charges on the statement, ref %s' % run_id
    label = supervisor.decide_request(request, over_reason, note, KEYS['approve'],
                                      next_view=KEYS['next view'],
                                      screenshot=('4-approvals', 'vic\'s Approvals with the note'))
    supervisor.wait_for('RT to say approval %d is resolved' % approval,
                        lambda: (approval, 'resolved') in money.approvals_of(rest),
                        timeout=60, context=lambda: None)
    decided = supervisor.wait_for('approval %d\'s history to say who resolved it' % approval,
                                  lambda: [change for change in money.status_changes(rest, approval)
                                           if change[1:] == ('open', 'resolved')],
                                  context=lambda: None)
    if decided != [(money.SUPERVISOR, 'open', 'resolved')]:
        raise E2EFailure('approval %d should be resolved once, by %s: %s'
                         % (approval, money.SUPERVISOR, decided))
    supervisor.wait_for('money ticket %d to be open' % over_id,
                        lambda: rest.ticket(over_id)['Status'] == 'open', context=lambda: None)
    step(timer, 'f. vic added his account; Ctrl+Page Down to "Approvals", which lists "%s"; '
         'Enter, the note, Alt+A; '
         'RT: approval %d resolved by %s, money ticket %d open'
         % (label, approval, money.SUPERVISOR, over_id))
    if not supervisor.app.quit(supervisor.keys):
        raise E2EFailure('vic\'s rapport did not quit within 20 s of Ctrl+Q')

    # g. ana sees the decision.
    agent.press('sync')
    total = 'Refunds: $105.00 to date'
    summary = agent.wait_for('no request awaiting approval, and "%s"' % total,
                             lambda: agent.label_starting('Awaiting approval: ') is None and
                             agent.label_starting(total), timeout=60)
    title = 'Refund of %s approved' % OVER['shown']
    told = '%s\nVic Supervisor: %s' % (title, note)
    agent.wait_for('the ticket to show "%s" with vic\'s note' % title,
                   lambda: find(agent.app.frame, lambda acc: safe_name(acc) == title and
                                rt.safe_description(acc) == told),
                   timeout=60)
    agent.screenshot('5-approved', 'ana\'s ticket after the approval')
    states = {name: rest.ticket(ticket_id)['Status']
              for name, ticket_id in (('within', within_id), ('over', over_id),
                                      ('approval', approval))}
    if states['over'] != 'open' or states['approval'] != 'resolved' or \
            states['within'] == 'rejected' or money.approvals_of(rest) != [(approval, 'resolved')]:
        raise E2EFailure('RT at the end: %s, approvals %s' % (states, money.approvals_of(rest)))
    step(timer, 'g. ana: Ctrl+R; "%s" (%r); "%s"; RT: money tickets %d %s and %d %s, approval %d %s'
         % (title, told, safe_name(summary), within_id, states['within'], over_id,
            states['over'], approval, states['approval']))
    if not agent.app.quit(agent.keys):
        raise E2EFailure('ana\'s rapport did not quit within 20 s of Ctrl+Q')
    money.check_people_sandboxed(server, agent, supervisor, timer, args)


def main():
    parser = money.arguments(__doc__.splitlines()[0])
    parser.add_argument('--articles-grant', required=True,
                        help='tests/integration/rt-articles-grant.pl')
    return money.play(NAME, parser.parse_args(), run, Shift, 'SHIFT')


if __name__ == '__main__':
    sys.exit(main())
