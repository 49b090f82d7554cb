/* rapport-customer-panel.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "rapport-customer-panel"

#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>

#include "rapport-customer-panel.h"

#include "rapport-clock.h"
#include "rapport-customer-text.h"
#include "rapport-history-row.h"
#include "rapport-trace.h"
#include "rapport-identity-row.h"
#include "rapport-money-summary-view.h"
#include "rapport-pane-layout.h"
#include "rapport-ui-util.h"

struct _RapportCustomerPanel
{
  GtkWidget             parent_instance;

  /* template widgets */
  GtkStack             *stack;
  GtkSpinner           *spinner;
  AdwAvatar            *avatar;
  GtkLabel             *name_label;
  GtkLabel             *organization_label;
  GtkLabel             *counts_label;
  GtkLabel             *last_contact_label;
  GtkListBox           *identities_list;
  GtkWidget            *history_box;
  GtkScrolledWindow    *history_scroller;
  GtkListView          *history_list;
  GtkLabel             *history_count_label;
  RapportMoneySummaryView *money_summary;

  /* borrowed: made on first use, owned by the stack */
  AdwStatusPage        *error_page;

  /* owned */
  RapportTicketSession *session;
  RapportCustomer      *customer;   /* shown now */
  GPtrArray            *history;    /* (element-type RapportHistoryEntry) shown now */
  GListStore           *history_model; /* (element-type RapportHistoryItem) its first
                                          @n_shown entries: the list's rows; after
                                          forget_history(), the previous customer's, kept for
                                          the next one's entries */

  /* borrowed */
  GtkRoot              *root;       /* followed for the focus while the panel is in it */

  double                laid_out_upper; /* the history's adjustment as the list left it */
  double                laid_out_value;
  gint64                settled_frame;  /* the list's layout follows new rows until then */
  guint                 n_shown;        /* entries of @history in the list */
  guint                 fill_id;        /* tick callback adding rows after the first frame */
  gint64                fill_from;      /* the first frame it adds rows in */
  gboolean              history_replaced; /* by the session's last change */

  gboolean              loading;
  gboolean              customer_drawn; /* the customer page's card and history are drawn */
};

G_DEFINE_FINAL_TYPE (RapportCustomerPanel, rapport_customer_panel, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_SESSION,
  PROP_LOADING,
  PROP_CUSTOMER,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
show_identities (RapportCustomerPanel *self,
                 RapportCustomer      *customer)
{
  GListModel *identities = rapport_customer_get_identities (customer);
  GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (self->identities_list));
  guint n;

  /* The rows there are show the new identities; rows are made or dropped for the others. */
  n = identities ? g_list_model_get_n_items (identities) : 0;
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(RapportIdentity) identity = g_list_model_get_item (identities, i);

      if (child != NULL)
        {
          rapport_identity_row_set_identity (RAPPORT_IDENTITY_ROW (child), identity);
          child = gtk_widget_get_next_sibling (child);
        }
      else
        gtk_list_box_append (self->identities_list, rapport_identity_row_new (identity));
    }
  while (child != NULL)
    {
      GtkWidget *next = gtk_widget_get_next_sibling (child);

      gtk_list_box_remove (self->identities_list, child);
      child = next;
    }

  gtk_widget_set_visible (gtk_widget_get_parent (GTK_WIDGET (self->identities_list)), n > 0);
}

/* The history rows bound now: the list view's children are its rows, each holding one. */
static void
mark_current_rows (RapportCustomerPanel *self)
{
  gint64 current_ticket_id = rapport_customer_panel_get_current_ticket_id (self);

  for (GtkWidget *item = gtk_widget_get_first_child (GTK_WIDGET (self->history_list));
       item != NULL;
       item = gtk_widget_get_next_sibling (item))
    {
      GtkWidget *child = gtk_widget_get_first_child (item);
      RapportHistoryEntry *entry;

      if (child == NULL || !RAPPORT_IS_HISTORY_ROW (child))
        continue;

      entry = rapport_history_row_get_entry (RAPPORT_HISTORY_ROW (child));
      rapport_history_row_set_current (RAPPORT_HISTORY_ROW (child),
                                       entry != NULL && current_ticket_id != 0 &&
                                       rapport_history_entry_get_ticket_id (entry) == current_ticket_id);
    }
}

/* Whether two entries of the same message show the same. */
static gboolean
same_entry (RapportHistoryEntry *a,
            RapportHistoryEntry *b)
{
  return a == b ||
         (rapport_history_entry_get_message_id (a) == rapport_history_entry_get_message_id (b) &&
          rapport_history_entry_get_created_at (a) == rapport_history_entry_get_created_at (b) &&
          rapport_history_entry_get_ticket_id (a) == rapport_history_entry_get_ticket_id (b) &&
          rapport_history_entry_get_ticket_status (a) == rapport_history_entry_get_ticket_status (b) &&
          g_strcmp0 (rapport_history_entry_get_ticket_subject (a),
                     rapport_history_entry_get_ticket_subject (b)) == 0 &&
          g_strcmp0 (rapport_history_entry_get_summary (a),
                     rapport_history_entry_get_summary (b)) == 0 &&
          g_strcmp0 (rapport_history_entry_get_author_name (a),
                     rapport_history_entry_get_author_name (b)) == 0);
}

/* The history's order: newest first, then the higher message id (< 0: @a comes first). */
static int
compare_entries (RapportHistoryEntry *a,
                 RapportHistoryEntry *b)
{
  gint64 at_a = rapport_history_entry_get_created_at (a);
  gint64 at_b = rapport_history_entry_get_created_at (b);
  gint64 id_a = rapport_history_entry_get_message_id (a);
  gint64 id_b = rapport_history_entry_get_message_id (b);

  if (at_a != at_b)
    return at_a > at_b ? -1 : 1;
  if (id_a != id_b)
    return id_a > id_b ? -1 : 1;

  return 0;
}

/* Replaces @n_removed items of @model at @position by items of the @n entries of @history
 * from @from. */
static void
splice_entries (GListStore *model,
                guint       position,
                guint       n_removed,
                GPtrArray  *history,
                guint       from,
                guint       n)
{
  g_autoptr(GPtrArray) items = g_ptr_array_new_full (n, g_object_unref);

  for (guint i = 0; i < n; i++)
    g_ptr_array_add (items, rapport_history_item_new (g_ptr_array_index (history, from + i)));
  g_list_store_splice (model, position, n_removed, items->pdata, n);
}

/* Makes the model (holding the first @n_old entries of @old) hold the first @n_new of
 * @history, both in the history's order: the entries both show the same stay, each run of
 * entries between them is replaced in one items-changed. A new entry on top, or more at the
 * end, is one small change, whatever the history's length. */
static void
update_model (GListStore *model,
              GPtrArray  *old,
              guint       n_old,
              GPtrArray  *history,
              guint       n_new)
{
  guint i = 0;
  guint j = 0;
  guint position = 0;

  while (i < n_old || j < n_new)
    {
      guint gap_i = i;
      guint gap_j = j;

      /* The next entry both hold and show alike. */
      while (i < n_old && j < n_new)
        {
          RapportHistoryEntry *a = g_ptr_array_index (old, i);
          RapportHistoryEntry *b = g_ptr_array_index (history, j);
          int order = compare_entries (a, b);

          if (order == 0 && same_entry (a, b))
            break;
          if (order <= 0)
            i++;
          if (order >= 0)
            j++;
        }
      if (i == n_old || j == n_new)
        {
          i = n_old;
          j = n_new;
        }

      if (i > gap_i || j > gap_j)
        splice_entries (model, position, i - gap_i, history, gap_j, j - gap_j);
      position += j - gap_j;

      /* The entry both show alike stays. */
      if (i < n_old)
        {
          i++;
          j++;
          position++;
        }
    }
}

/* Near the end of the rows (a screen from it, or the focus on one of the last): the next
 * HISTORY_STEP entries loaded become rows, or, when all are, the session's next page is asked
 * for (it does nothing while it loads; it is asked again when the load is over). The list
 * builds a row for every entry up to a few hundred, so that the first frame builds only what
 * a screen shows, and each scroll step only a few more. */
#define NEAR_END_ROWS 3
#define HISTORY_STEP  16
/* After the first frame, a few more rows each frame until the list has its fill of them (it
 * builds a row for each entry of a window of 200, then shows other entries in them): scrolling
 * then only shows other entries in rows that exist. Past that, every entry loaded is in the
 * list at once: more entries cost the list no more rows. */
#define HISTORY_FILL_STEP 8
#define HISTORY_FILL      200

static gboolean
focus_near_end (RapportCustomerPanel *self)
{
  GtkWidget *focus = self->root != NULL ? gtk_root_get_focus (self->root) : NULL;
  guint n = self->n_shown;
  RapportHistoryEntry *entry;
  GtkWidget *child;

  if (focus == NULL || gtk_widget_get_parent (focus) != GTK_WIDGET (self->history_list))
    return FALSE;
  child = gtk_widget_get_first_child (focus);
  if (child == NULL || !RAPPORT_IS_HISTORY_ROW (child))
    return FALSE;

  entry = rapport_history_row_get_entry (RAPPORT_HISTORY_ROW (child));
  for (guint i = n > NEAR_END_ROWS ? n - NEAR_END_ROWS : 0; entry != NULL && i < n; i++)
    if (g_ptr_array_index (self->history, i) == entry ||
        same_entry (g_ptr_array_index (self->history, i), entry))
      return TRUE;

  return FALSE;
}

static gboolean
scrolled_near_end (RapportCustomerPanel *self)
{
  GtkAdjustment *adjustment = gtk_scrolled_window_get_vadjustment (self->history_scroller);
  double page = gtk_adjustment_get_page_size (adjustment);

  return page > 0 &&
         gtk_adjustment_get_upper (adjustment) - gtk_adjustment_get_value (adjustment) - page <
         page;
}

/* Rows came or went: the list moves its adjustment over the next frames. */
static void
note_rows_changed (RapportCustomerPanel *self)
{
  GdkFrameClock *clock = gtk_widget_get_frame_clock (GTK_WIDGET (self));

  if (clock != NULL)
    self->settled_frame = gdk_frame_clock_get_frame_counter (clock) + 2;
}

static gboolean
rows_settled (RapportCustomerPanel *self)
{
  GdkFrameClock *clock = gtk_widget_get_frame_clock (GTK_WIDGET (self));

  return clock == NULL || gdk_frame_clock_get_frame_counter (clock) >= self->settled_frame;
}

/* The next HISTORY_STEP entries loaded become rows; past HISTORY_FILL, all of them. */
static void
show_more (RapportCustomerPanel *self)
{
  guint n = self->history->len - self->n_shown;

  if (self->n_shown < HISTORY_FILL)
    n = MIN (HISTORY_STEP, n);

  splice_entries (self->history_model, self->n_shown, 0, self->history, self->n_shown, n);
  self->n_shown += n;
  note_rows_changed (self);
}

static gboolean
fill_rows_cb (GtkWidget     *widget,
              GdkFrameClock *clock,
              gpointer       user_data)
{
  RapportCustomerPanel *self = RAPPORT_CUSTOMER_PANEL (widget);
  guint n;

  /* Not in the frame that shows the first rows. */
  if (gdk_frame_clock_get_frame_counter (clock) < self->fill_from)
    return G_SOURCE_CONTINUE;

  if (self->history == NULL || self->n_shown >= MIN (self->history->len, HISTORY_FILL))
    {
      self->fill_id = 0;
      return G_SOURCE_REMOVE;
    }

  n = MIN (HISTORY_FILL_STEP, MIN (self->history->len, HISTORY_FILL) - self->n_shown);
  splice_entries (self->history_model, self->n_shown, 0, self->history, self->n_shown, n);
  self->n_shown += n;
  note_rows_changed (self);

  return G_SOURCE_CONTINUE;
}

static void
fill_rows (RapportCustomerPanel *self)
{
  GdkFrameClock *clock = gtk_widget_get_frame_clock (GTK_WIDGET (self));

  if (clock != NULL)
    self->fill_from = gdk_frame_clock_get_frame_counter (clock) + 2;
  if (self->fill_id == 0 && self->history != NULL &&
      self->n_shown < MIN (self->history->len, HISTORY_FILL))
    self->fill_id = gtk_widget_add_tick_callback (GTK_WIDGET (self), fill_rows_cb, NULL, NULL);
}

static void
maybe_load_more (RapportCustomerPanel *self,
                 gboolean              check_scroll)
{
  if (self->session == NULL || self->history == NULL ||
      rapport_ticket_session_get_history (self->session) != self->history ||
      (self->n_shown == self->history->len &&
       rapport_ticket_session_get_history_complete (self->session)))
    return;

  if (!(check_scroll && scrolled_near_end (self)) && !focus_near_end (self))
    return;

  if (self->n_shown < self->history->len)
    show_more (self);
  else
    rapport_ticket_session_load_more_history (self->session);
}

/* The list laid out again (rows came or went): the adjustment moves with it, which is no
 * scrolling of the agent's. A list kept at its end as rows are added would otherwise ask for
 * page after page by itself. */
static void
on_history_laid_out_cb (RapportCustomerPanel *self,
                        GtkAdjustment        *adjustment)
{
  self->laid_out_upper = gtk_adjustment_get_upper (adjustment);
  self->laid_out_value = gtk_adjustment_get_value (adjustment);

  /* A tall panel: more rows than the first ones fit. */
  if (rows_settled (self) && self->laid_out_upper < 2 * gtk_adjustment_get_page_size (adjustment))
    maybe_load_more (self, TRUE);
}

static void
on_history_scrolled_cb (RapportCustomerPanel *self,
                        GtkAdjustment        *adjustment)
{
  gboolean scrolled = gtk_adjustment_get_upper (adjustment) == self->laid_out_upper &&
                      gtk_adjustment_get_value (adjustment) != self->laid_out_value &&
                      rows_settled (self);

  self->laid_out_upper = gtk_adjustment_get_upper (adjustment);
  self->laid_out_value = gtk_adjustment_get_value (adjustment);
  if (scrolled)
    maybe_load_more (self, TRUE);
}

/* Scrolling on at the end: the agent wants what comes after. */
static void
on_history_overshot_cb (RapportCustomerPanel *self,
                        GtkPositionType       position)
{
  if (position == GTK_POS_BOTTOM)
    maybe_load_more (self, TRUE);
}

static void
on_root_focus_changed_cb (RapportCustomerPanel *self)
{
  maybe_load_more (self, FALSE);
}

static void
show_count (RapportCustomerPanel *self)
{
  g_autofree char *count = NULL;
  guint total = 0;

  if (self->session != NULL)
    total = rapport_ticket_session_get_history_total (self->session);
  if (self->history != NULL)
    total = MAX (total, self->history->len);

  count = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u interaction", "%u interactions",
                                        total),
                           total);
  gtk_label_set_text (self->history_count_label, count);
}

/* The rows the history's first frame needs: a screenful of its list (no row is lower than
 * HISTORY_ROW_MIN_HEIGHT), at least 4; HISTORY_STEP before the panel has a height. */
#define HISTORY_ROW_MIN_HEIGHT 48

static guint
first_rows (RapportCustomerPanel *self)
{
  return MAX (rapport_ui_rows_for_screen (GTK_WIDGET (self->history_scroller),
                                          HISTORY_ROW_MIN_HEIGHT, HISTORY_STEP),
              4);
}

/* Another customer's first @n_shown entries of @history in the model: its items (and the rows
 * bound to them) show the new entries, in one change of the model at its end for the rows
 * more or fewer. */
static void
recycle_rows (RapportCustomerPanel *self,
              GPtrArray            *history,
              guint                 n_shown)
{
  GListModel *model = G_LIST_MODEL (self->history_model);
  guint n_old = g_list_model_get_n_items (model);
  guint n_kept = MIN (n_old, n_shown);

  for (guint i = 0; i < n_kept; i++)
    {
      g_autoptr(RapportHistoryItem) item = g_list_model_get_item (model, i);

      rapport_history_item_set_entry (item, g_ptr_array_index (history, i));
    }
  if (n_old > n_shown)
    g_list_store_splice (self->history_model, n_shown, n_old - n_shown, NULL, 0);
  else if (n_shown > n_old)
    splice_entries (self->history_model, n_old, 0, history, n_old, n_shown - n_old);
}

static void
show_history (RapportCustomerPanel *self,
              GPtrArray            *history)
{
  /* The session replaces its history only when it changed. */
  if (self->history != history)
    {
      guint n_shown;

      if (self->history == NULL)
        {
          /* Another customer's history: the rows a screen shows, in the rows there are. */
          n_shown = MIN (first_rows (self), history->len);
          recycle_rows (self, history, n_shown);
        }
      else
        {
          /* As many rows as before; when every entry loaded was a row (a page more was asked
           * for), the page's first ones too. */
          n_shown = MAX (self->n_shown, HISTORY_STEP);
          if (self->n_shown == self->history->len)
            n_shown = self->n_shown + HISTORY_STEP;
          if (n_shown >= HISTORY_FILL)
            n_shown = history->len;
          n_shown = MIN (n_shown, history->len);
          update_model (self->history_model, self->history, self->n_shown, history, n_shown);
        }
      self->n_shown = n_shown;

      g_clear_pointer (&self->history, g_ptr_array_unref);
      self->history = g_ptr_array_ref (history);
      self->history_replaced = TRUE;
      note_rows_changed (self);
      fill_rows (self);
    }

  show_count (self);
  gtk_widget_set_visible (self->history_box, history->len > 0);
  mark_current_rows (self);
}

/* Another customer (@keep_rows) or none: their history starts from the top. The rows stay
 * for the next customer's entries (recycle_rows()). */
static void
forget_history (RapportCustomerPanel *self,
                gboolean              keep_rows)
{
  g_clear_pointer (&self->history, g_ptr_array_unref);
  if (!keep_rows)
    g_list_store_remove_all (self->history_model);
  self->n_shown = 0;
  gtk_adjustment_set_value (gtk_scrolled_window_get_vadjustment (self->history_scroller), 0);
}

static void
setup_history_row_cb (GtkSignalListItemFactory *factory,
                      GtkListItem              *list_item,
                      RapportCustomerPanel     *self)
{
  gtk_list_item_set_child (list_item, rapport_history_row_new (NULL));
}

static void
bind_history_row_cb (GtkSignalListItemFactory *factory,
                     GtkListItem              *list_item,
                     RapportCustomerPanel     *self)
{
  RapportHistoryRow *row = RAPPORT_HISTORY_ROW (gtk_list_item_get_child (list_item));
  RapportHistoryItem *item = gtk_list_item_get_item (list_item);
  RapportHistoryEntry *entry = rapport_history_item_get_entry (item);
  gint64 current_ticket_id = rapport_customer_panel_get_current_ticket_id (self);

  rapport_history_row_set_item (row, item);
  rapport_history_row_set_current (row, current_ticket_id != 0 &&
                                   rapport_history_entry_get_ticket_id (entry) == current_ticket_id);
}

static void
unbind_history_row_cb (GtkSignalListItemFactory *factory,
                       GtkListItem              *list_item,
                       RapportCustomerPanel     *self)
{
  rapport_history_row_set_item (RAPPORT_HISTORY_ROW (gtk_list_item_get_child (list_item)), NULL);
}

static void
on_history_activated_cb (RapportCustomerPanel *self,
                         guint                 position,
                         GtkListView          *list_view)
{
  g_autoptr(RapportHistoryItem) item = NULL;

  item = g_list_model_get_item (G_LIST_MODEL (self->history_model), position);
  if (item != NULL && rapport_history_item_get_entry (item) != NULL)
    rapport_history_row_open_ticket (GTK_WIDGET (list_view), rapport_history_item_get_entry (item));
}

static void
update_last_contact (RapportCustomerPanel *self,
                     RapportCustomer      *customer)
{
  g_autofree char *last_contact = rapport_customer_text_last_contact (customer, rapport_ui_now ());

  gtk_label_set_text (self->last_contact_label, last_contact);
}

static void
on_clock_ticked_cb (RapportCustomerPanel *self)
{
  if (self->customer != NULL)
    update_last_contact (self, self->customer);
}

/* The panel's accessible description names the customer drawn; none while none is. */
static void
describe_customer (RapportCustomerPanel *self)
{
  g_autofree char *name = NULL;
  g_autofree char *accessible = NULL;

  if (!self->customer_drawn || self->customer == NULL)
    {
      gtk_accessible_reset_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION);
      return;
    }

  name = rapport_customer_text_name (self->customer);
  /* Translators: accessible label of the customer panel: "Customer: Chloé Silva" */
  accessible = g_strdup_printf (_("Customer: %s"), name);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, accessible,
                                  -1);
}

static void
show_customer (RapportCustomerPanel *self,
               RapportCustomer      *customer)
{
  g_autofree char *counts = rapport_customer_text_counts (customer);
  g_autofree char *name = rapport_customer_text_name (customer);
  g_autofree char *organization = rapport_customer_text_organization (customer);

  rapport_ui_set_avatar_text (self->avatar, name);
  gtk_label_set_text (self->name_label, name);
  gtk_label_set_text (self->organization_label, organization ? organization : "");
  gtk_widget_set_visible (GTK_WIDGET (self->organization_label), organization != NULL);

  gtk_label_set_text (self->counts_label, counts);

  update_last_contact (self, customer);

  show_identities (self, customer);
  describe_customer (self);
}

/* The customer page's card and history are drawn, or left blank (laid out all the same, so
 * nothing moves when the next customer's are drawn in their place). */
static void
set_customer_drawn (RapportCustomerPanel *self,
                    gboolean              drawn)
{
  GtkWidget *page = gtk_stack_get_child_by_name (self->stack, "customer");
  gboolean was_drawn = self->customer_drawn;

  self->customer_drawn = drawn;
  for (GtkWidget *child = gtk_widget_get_first_child (page);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    gtk_widget_set_child_visible (child, drawn);
  if (drawn != was_drawn)
    describe_customer (self);
}

/* Another page than the customer's: the customer page is left blank first, so that the
 * stack's crossfade does not fade the last customer out beside another ticket. */
static void
show_other_page (RapportCustomerPanel *self,
                 const char           *name)
{
  set_customer_drawn (self, FALSE);
  rapport_ui_stack_show_page (self->stack, name);
}

static void
show_error (RapportCustomerPanel *self,
            const GError         *error)
{
  g_autofree char *description = rapport_ui_error_to_markup (error);

  /* Made on first use: not part of the window at startup. */
  if (self->error_page == NULL)
    self->error_page = rapport_ui_stack_add_status_page (self->stack, "error",
                                                         "dialog-error-symbolic",
                                                         _("Could Not Load the Customer"), TRUE);
  adw_status_page_set_description (self->error_page, description);
  gtk_spinner_stop (self->spinner);
  show_other_page (self, "error");
}

/* Shows what the session holds: its customer once loaded; meanwhile the previous one when it
 * is the same person (another of their tickets), else nothing of a customer: the customer page
 * left blank (from another customer: their card goes at once, and the next one's, read within
 * a frame or two, is drawn in its place without the page flickering), or the loading page
 * (first). Never one customer beside another's ticket, not even fading out. */
static void
sync_page (RapportCustomerPanel *self)
{
  RapportTicketSession *session = self->session;
  RapportCustomer *customer = session ? rapport_ticket_session_get_customer (session) : NULL;
  GPtrArray *history = session ? rapport_ticket_session_get_history (session) : NULL;
  const GError *error = session ? rapport_ticket_session_get_customer_error (session) : NULL;
  gint64 customer_id;

  if (session == NULL)
    {
      gtk_spinner_stop (self->spinner);
      show_other_page (self, "empty");
      return;
    }

  if (error != NULL)
    {
      show_error (self, error);
      rapport_trace_ready (RAPPORT_TRACE_PART_CUSTOMER);
      return;
    }

  if (customer != NULL && history != NULL)
    {
      gboolean changed = customer != self->customer;

      if (changed)
        {
          if (self->customer == NULL ||
              rapport_customer_get_id (self->customer) != rapport_customer_get_id (customer))
            forget_history (self, TRUE);
          g_set_object (&self->customer, customer);
          show_customer (self, customer);
        }
      show_history (self, history);
      set_customer_drawn (self, TRUE);
      gtk_spinner_stop (self->spinner);
      rapport_ui_stack_show_page (self->stack, "customer");
      if (changed)
        g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CUSTOMER]);
      rapport_trace_ready (RAPPORT_TRACE_PART_CUSTOMER);
      return;
    }

  if (!rapport_ticket_session_get_loading (session))
    {
      gtk_spinner_stop (self->spinner);
      show_other_page (self, "empty");
      rapport_trace_ready (RAPPORT_TRACE_PART_CUSTOMER);
      return;
    }

  customer_id = rapport_ticket_session_get_customer_id (session);
  if (g_strcmp0 (gtk_stack_get_visible_child_name (self->stack), "customer") == 0)
    {
      if (self->customer == NULL || rapport_customer_get_id (self->customer) != customer_id)
        set_customer_drawn (self, FALSE);
      return;
    }

  gtk_spinner_start (self->spinner);
  show_other_page (self, "loading");
}

static void
sync_loading (RapportCustomerPanel *self)
{
  gboolean loading = self->session != NULL && rapport_ticket_session_get_loading (self->session);

  if (self->loading == loading)
    return;

  self->loading = loading;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOADING]);
}

/* The refunds and credits of the customer, where the account records them. While another
 * ticket of the customer drawn loads, theirs stay (the same customer's): the card does not
 * lose them for a frame and move the history up and back. */
static void
sync_money_summary (RapportCustomerPanel *self)
{
  const RapportMoneySummary *summary = NULL;

  if (self->session != NULL)
    summary = rapport_ticket_session_get_money_summary (self->session);
  if (summary == NULL && self->session != NULL && self->customer_drawn &&
      self->customer != NULL && rapport_ticket_session_get_loading (self->session) &&
      rapport_customer_get_id (self->customer) ==
      rapport_ticket_session_get_customer_id (self->session))
    return;
  rapport_money_summary_view_set_summary (self->money_summary, summary);
}

static void
on_money_summary_changed_cb (RapportCustomerPanel *self)
{
  sync_money_summary (self);
}

static void
on_session_changed_cb (RapportCustomerPanel *self)
{
  self->history_replaced = FALSE;
  sync_page (self);
  sync_loading (self);
  /* A page asked for while the session loaded was not read: asked again, unless the rows
   * changed (the scroll position is the list's old layout's until the next frame). */
  maybe_load_more (self, !self->history_replaced);
}

static void
on_history_total_changed_cb (RapportCustomerPanel *self)
{
  show_count (self);
}

static void
rapport_customer_panel_root (GtkWidget *widget)
{
  RapportCustomerPanel *self = RAPPORT_CUSTOMER_PANEL (widget);

  GTK_WIDGET_CLASS (rapport_customer_panel_parent_class)->root (widget);

  /* The focus moving down the history with the keyboard reaches its last rows. */
  self->root = gtk_widget_get_root (widget);
  g_signal_connect_object (self->root, "notify::focus-widget",
                           G_CALLBACK (on_root_focus_changed_cb), self, G_CONNECT_SWAPPED);
}

static void
rapport_customer_panel_unroot (GtkWidget *widget)
{
  RapportCustomerPanel *self = RAPPORT_CUSTOMER_PANEL (widget);

  g_signal_handlers_disconnect_by_func (self->root, on_root_focus_changed_cb, self);
  self->root = NULL;

  GTK_WIDGET_CLASS (rapport_customer_panel_parent_class)->unroot (widget);
}

static void
rapport_customer_panel_dispose (GObject *object)
{
  RapportCustomerPanel *self = (RapportCustomerPanel *)object;

  if (self->session != NULL)
    g_signal_handlers_disconnect_by_data (self->session, self);
  g_clear_object (&self->session);
  g_clear_object (&self->customer);
  g_clear_pointer (&self->history, g_ptr_array_unref);
  g_clear_object (&self->history_model);

  if (self->fill_id != 0)
    {
      gtk_widget_remove_tick_callback (GTK_WIDGET (self), self->fill_id);
      self->fill_id = 0;
    }
  gtk_widget_dispose_template (GTK_WIDGET (self), RAPPORT_TYPE_CUSTOMER_PANEL);
  self->error_page = NULL;

  G_OBJECT_CLASS (rapport_customer_panel_parent_class)->dispose (object);
}

static void
rapport_customer_panel_get_property (GObject    *object,
                                     guint       prop_id,
                                     GValue     *value,
                                     GParamSpec *pspec)
{
  RapportCustomerPanel *self = RAPPORT_CUSTOMER_PANEL (object);

  switch (prop_id)
    {
    case PROP_SESSION:
      g_value_set_object (value, self->session);
      break;

    case PROP_LOADING:
      g_value_set_boolean (value, self->loading);
      break;

    case PROP_CUSTOMER:
      g_value_set_object (value, self->customer);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
rapport_customer_panel_set_property (GObject      *object,
                                     guint         prop_id,
                                     const GValue *value,
                                     GParamSpec   *pspec)
{
  RapportCustomerPanel *self = RAPPORT_CUSTOMER_PANEL (object);

  switch (prop_id)
    {
    case PROP_SESSION:
      rapport_customer_panel_set_session (self, g_value_get_object (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
rapport_customer_panel_class_init (RapportCustomerPanelClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = rapport_customer_panel_dispose;
  object_class->get_property = rapport_customer_panel_get_property;
  object_class->set_property = rapport_customer_panel_set_property;
  widget_class->root = rapport_customer_panel_root;
  widget_class->unroot = rapport_customer_panel_unroot;

  properties[PROP_SESSION] =
    g_param_spec_object ("session", NULL, NULL,
                         RAPPORT_TYPE_TICKET_SESSION,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  properties[PROP_LOADING] =
    g_param_spec_boolean ("loading", NULL, NULL,
                          FALSE,
                          (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));
  properties[PROP_CUSTOMER] =
    g_param_spec_object ("customer", NULL, NULL,
                         RAPPORT_TYPE_CUSTOMER,
                         (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_PREFIX "/ui/rapport-customer-panel.ui");
  gtk_widget_class_bind_template_child (widget_class, RapportCustomerPanel, stack);
  gtk_widget_class_bind_template_child (widget_class, RapportCustomerPanel, spinner);
  gtk_widget_class_bind_template_child (widget_class, RapportCustomerPanel, avatar);
  gtk_widget_class_bind_template_child (widget_class, RapportCustomerPanel, name_label);
  gtk_widget_class_bind_template_child (widget_class, RapportCustomerPanel, organization_label);
  gtk_widget_class_bind_template_child (widget_class, RapportCustomerPanel, counts_label);
  gtk_widget_class_bind_template_child (widget_class, RapportCustomerPanel, last_contact_label);
  gtk_widget_class_bind_template_child (widget_class, RapportCustomerPanel, identities_list);
  gtk_widget_class_bind_template_child (widget_class, RapportCustomerPanel, history_box);
  gtk_widget_class_bind_template_child (widget_class, RapportCustomerPanel, history_scroller);
  gtk_widget_class_bind_template_child (widget_class, RapportCustomerPanel, history_list);
  gtk_widget_class_bind_template_child (widget_class, RapportCustomerPanel, history_count_label);
  gtk_widget_class_bind_template_child (widget_class, RapportCustomerPanel, money_summary);

  gtk_widget_class_set_layout_manager_type (widget_class, RAPPORT_TYPE_PANE_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "customerpanel");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_REGION);
}

static void
rapport_customer_panel_init (RapportCustomerPanel *self)
{
  g_autoptr(GtkListItemFactory) factory = gtk_signal_list_item_factory_new ();
  g_autoptr(GtkNoSelection) selection = NULL;
  GtkAdjustment *adjustment;

  g_type_ensure (RAPPORT_TYPE_MONEY_SUMMARY_VIEW);
  gtk_widget_init_template (GTK_WIDGET (self));
  rapport_ui_list_view_tab_leaves (self->history_list);

  /* The history: only the rows in view exist, each showing one entry after another as the
   * list scrolls. */
  self->history_model = g_list_store_new (RAPPORT_TYPE_HISTORY_ITEM);
  g_signal_connect (factory, "setup", G_CALLBACK (setup_history_row_cb), self);
  g_signal_connect (factory, "bind", G_CALLBACK (bind_history_row_cb), self);
  g_signal_connect (factory, "unbind", G_CALLBACK (unbind_history_row_cb), self);
  gtk_list_view_set_factory (self->history_list, factory);
  selection = gtk_no_selection_new (G_LIST_MODEL (g_object_ref (self->history_model)));
  gtk_list_view_set_model (self->history_list, GTK_SELECTION_MODEL (selection));
  g_signal_connect_object (self->history_list, "activate",
                           G_CALLBACK (on_history_activated_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->history_scroller, "edge-overshot",
                           G_CALLBACK (on_history_overshot_cb), self, G_CONNECT_SWAPPED);
  adjustment = gtk_scrolled_window_get_vadjustment (self->history_scroller);
  g_signal_connect_object (adjustment, "value-changed", G_CALLBACK (on_history_scrolled_cb),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (adjustment, "changed", G_CALLBACK (on_history_laid_out_cb),
                           self, G_CONNECT_SWAPPED);
  rapport_ui_stack_show_page (self->stack, "empty");
  g_signal_connect_object (rapport_clock_get_default (), "ticked",
                           G_CALLBACK (on_clock_ticked_cb), self, G_CONNECT_SWAPPED);
}

GtkWidget *
rapport_customer_panel_new (void)
{
  return g_object_new (RAPPORT_TYPE_CUSTOMER_PANEL, NULL);
}

RapportTicketSession *
rapport_customer_panel_get_session (RapportCustomerPanel *self)
{
  g_return_val_if_fail (RAPPORT_IS_CUSTOMER_PANEL (self), NULL);

  return self->session;
}

void
rapport_customer_panel_set_session (RapportCustomerPanel *self,
                                    RapportTicketSession *session)
{
  static const char * const followed[] = {
    "notify::customer", "notify::history", "notify::customer-error", "notify::loading",
    "notify::history-complete",
  };

  g_return_if_fail (RAPPORT_IS_CUSTOMER_PANEL (self));
  g_return_if_fail (!session || RAPPORT_IS_TICKET_SESSION (session));

  if (self->session == session)
    return;

  if (self->session != NULL)
    g_signal_handlers_disconnect_by_data (self->session, self);

  g_set_object (&self->session, session);

  if (session != NULL)
    for (guint i = 0; i < G_N_ELEMENTS (followed); i++)
      g_signal_connect_object (session, followed[i], G_CALLBACK (on_session_changed_cb), self,
                               G_CONNECT_SWAPPED);
  if (session != NULL)
    g_signal_connect_object (session, "notify::money-summary",
                             G_CALLBACK (on_money_summary_changed_cb), self, G_CONNECT_SWAPPED);
  if (session != NULL)
    g_signal_connect_object (session, "notify::history-total",
                             G_CALLBACK (on_history_total_changed_cb), self, G_CONNECT_SWAPPED);

  /* Another customer: the previous one is not shown meanwhile. */
  if (self->customer != NULL &&
      (session == NULL ||
       rapport_customer_get_id (self->customer) !=
       rapport_ticket_session_get_customer_id (session)))
    {
      g_clear_object (&self->customer);
      forget_history (self, session != NULL);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CUSTOMER]);
    }

  mark_current_rows (self);
  sync_page (self);
  sync_loading (self);
  sync_money_summary (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SESSION]);
}

gint64
rapport_customer_panel_get_customer_id (RapportCustomerPanel *self)
{
  g_return_val_if_fail (RAPPORT_IS_CUSTOMER_PANEL (self), 0);

  return self->session != NULL ? rapport_ticket_session_get_customer_id (self->session) : 0;
}

gint64
rapport_customer_panel_get_current_ticket_id (RapportCustomerPanel *self)
{
  g_return_val_if_fail (RAPPORT_IS_CUSTOMER_PANEL (self), 0);

  return self->session != NULL ? rapport_ticket_session_get_ticket_id (self->session) : 0;
}

gboolean
rapport_customer_panel_get_loading (RapportCustomerPanel *self)
{
  g_return_val_if_fail (RAPPORT_IS_CUSTOMER_PANEL (self), FALSE);

  return self->loading;
}

RapportCustomer *
rapport_customer_panel_get_customer (RapportCustomerPanel *self)
{
  g_return_val_if_fail (RAPPORT_IS_CUSTOMER_PANEL (self), NULL);

  return self->customer;
}
