/* rapport-search-view.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "rapport-search-view"

#include "config.h"

#include <glib/gi18n.h>

#include "rapport-search-view.h"

#include "rapport-search-row.h"
#include "rapport-trace.h"
#include "rapport-ui-util.h"

#define SEARCH_LIMIT 200
/* The frame that shows an answer makes rows for the results a screenful holds (no result row
 * is lower than RESULT_ROW_MIN_PX; at most FIRST_ROWS); the others come a step a frame after
 * it. GTK 4.8's list view makes a row for each of up to 200 items at once, which would put the
 * whole answer into that frame. */
#define FIRST_ROWS        20
#define ROWS_STEP         20
#define RESULT_ROW_MIN_PX 56

struct _RapportSearchView
{
  GtkWidget           parent_instance;

  /* template widgets */
  GtkWidget          *box;
  GtkSearchBar       *search_bar;
  GtkSearchEntry     *search_entry;
  GtkStack           *stack;
  GtkListView        *results_view;

  /* borrowed: pages owned by the stack */
  GtkWidget          *content;
  AdwStatusPage      *error_page;      /* made on first use */

  /* owned */
  RapportWorkspace   *workspace;
  GListStore         *results;
  GtkSingleSelection *selection;
  GCancellable       *cancellable;
  GPtrArray          *pending;         /* (element-type RapportSearchHit) the answer's hits
                                        * not yet in the results */
  guint               fill_id;         /* tick callback adding them */
  gint64              fill_from;       /* frame counter from which it adds */

  guint               generation;      /* of the latest query: older answers are stale */
  gboolean            searching;
};

G_DEFINE_FINAL_TYPE (RapportSearchView, rapport_search_view, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_WORKSPACE,
  PROP_CONTENT,
  PROP_SEARCH_MODE_ENABLED,
  PROP_SEARCHING,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum {
  SEARCHED,
  TICKET_SELECTED,
  RESULT_ACTIVATED,
  STOPPED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* Shows a page of the stack. The seldom shown ones (no results, a failed search) are made here
 * on first use rather than with the widget. */
static void
show_page (RapportSearchView *self,
           const char        *page)
{
  if (g_str_equal (page, "no-results") &&
      gtk_stack_get_child_by_name (self->stack, "no-results") == NULL)
    {
      AdwStatusPage *no_results;
      g_autofree char *description = NULL;

      no_results = rapport_ui_stack_add_status_page (self->stack, "no-results",
                                                     "system-search-symbolic",
                                                     _("No Results Found"), TRUE);
      /* The description is markup: escape (translations may use "&"). */
      description = g_markup_escape_text (_("Try a different search"), -1);
      adw_status_page_set_description (no_results, description);
    }
  else if (g_str_equal (page, "search-error") && self->error_page == NULL)
    {
      self->error_page = rapport_ui_stack_add_status_page (self->stack, "search-error",
                                                           "dialog-error-symbolic",
                                                           _("Search Failed"), TRUE);
    }

  rapport_ui_stack_show_page (self->stack, page);
}

/* Not searching: the content is shown. */
static void
set_searching (RapportSearchView *self,
               gboolean           searching)
{
  if (!searching && self->content != NULL)
    rapport_ui_stack_show_page (self->stack, "content");

  if (self->searching == searching)
    return;

  self->searching = searching;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SEARCHING]);
}

typedef struct
{
  RapportSearchView *self;
  guint              generation;
} SearchData;

static void
search_data_free (SearchData *data)
{
  g_clear_object (&data->self);
  g_free (data);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SearchData, search_data_free)

static gboolean
same_hit (RapportSearchHit *a,
          RapportSearchHit *b)
{
  return rapport_search_hit_get_ticket_id (a) == rapport_search_hit_get_ticket_id (b) &&
         rapport_search_hit_get_message_id (a) == rapport_search_hit_get_message_id (b) &&
         rapport_search_hit_get_ticket_status (a) == rapport_search_hit_get_ticket_status (b) &&
         rapport_search_hit_get_channel (a) == rapport_search_hit_get_channel (b) &&
         rapport_search_hit_get_match_start (a) == rapport_search_hit_get_match_start (b) &&
         rapport_search_hit_get_match_end (a) == rapport_search_hit_get_match_end (b) &&
         rapport_search_hit_get_created_at (a) == rapport_search_hit_get_created_at (b) &&
         g_strcmp0 (rapport_search_hit_get_snippet (a), rapport_search_hit_get_snippet (b)) == 0 &&
         g_strcmp0 (rapport_search_hit_get_ticket_subject (a),
                    rapport_search_hit_get_ticket_subject (b)) == 0 &&
         g_strcmp0 (rapport_search_hit_get_customer_name (a),
                    rapport_search_hit_get_customer_name (b)) == 0;
}

/* The whole answer is in the results: the view says how many. */
static void
finish_results (RapportSearchView *self)
{
  g_signal_emit (self, signals[SEARCHED], 0,
                 g_list_model_get_n_items (G_LIST_MODEL (self->results)));
}

static void
stop_filling (RapportSearchView *self)
{
  if (self->fill_id != 0)
    gtk_widget_remove_tick_callback (GTK_WIDGET (self), self->fill_id);
  self->fill_id = 0;
  g_clear_pointer (&self->pending, g_ptr_array_unref);
}

static gboolean
fill_results_cb (GtkWidget     *widget,
                 GdkFrameClock *clock,
                 gpointer       user_data)
{
  RapportSearchView *self = RAPPORT_SEARCH_VIEW (widget);
  guint n_items = g_list_model_get_n_items (G_LIST_MODEL (self->results));
  guint n;

  /* Not in the frame that shows the first rows. */
  if (gdk_frame_clock_get_frame_counter (clock) < self->fill_from)
    return G_SOURCE_CONTINUE;

  n = MIN (ROWS_STEP, self->pending->len);
  g_list_store_splice (self->results, n_items, 0, self->pending->pdata, n);
  g_ptr_array_remove_range (self->pending, 0, n);
  if (self->pending->len > 0)
    return G_SOURCE_CONTINUE;

  self->fill_id = 0;
  g_clear_pointer (&self->pending, g_ptr_array_unref);
  finish_results (self);
  return G_SOURCE_REMOVE;
}

/* Shows an answer. The rows at the top that show the same hits stay as they are; the first
 * screenful is in the next frame, the others follow. */
static void
show_results (RapportSearchView *self,
              GPtrArray         *shown)
{
  GdkFrameClock *clock = gtk_widget_get_frame_clock (GTK_WIDGET (self));
  guint n_items = g_list_model_get_n_items (G_LIST_MODEL (self->results));
  guint kept = 0;
  guint first;

  stop_filling (self);

  while (kept < n_items && kept < shown->len)
    {
      g_autoptr(RapportSearchHit) old = g_list_model_get_item (G_LIST_MODEL (self->results), kept);

      if (!same_hit (old, g_ptr_array_index (shown, kept)))
        break;
      kept++;
    }

  /* Not on screen: no frame to spread the rows over. */
  first = shown->len;
  if (clock != NULL && gtk_widget_get_mapped (GTK_WIDGET (self)))
    first = MAX (kept, MIN (rapport_ui_rows_for_screen (GTK_WIDGET (self), RESULT_ROW_MIN_PX,
                                                        FIRST_ROWS),
                            shown->len));

  /* An empty array has no pdata: no pointer arithmetic on NULL. */
  g_list_store_splice (self->results, kept, n_items - kept,
                       first > kept ? shown->pdata + kept : NULL, first - kept);

  if (first == shown->len)
    {
      finish_results (self);
      return;
    }

  self->pending = g_ptr_array_new_with_free_func (g_object_unref);
  for (guint i = first; i < shown->len; i++)
    g_ptr_array_add (self->pending, g_object_ref (g_ptr_array_index (shown, i)));
  self->fill_from = gdk_frame_clock_get_frame_counter (clock) + 2;
  self->fill_id = gtk_widget_add_tick_callback (GTK_WIDGET (self), fill_results_cb, NULL, NULL);
}

static void
on_search_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(SearchData) data = user_data;
  RapportSearchView *self = data->self;
  g_autoptr(GPtrArray) hits = NULL;
  g_autoptr(GPtrArray) shown = NULL;
  g_autoptr(GHashTable) seen = NULL;
  g_autoptr(GError) error = NULL;

  hits = rapport_store_search_finish (RAPPORT_STORE (object), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) ||
      data->generation != self->generation)
    return;

  g_clear_object (&self->cancellable);

  if (error != NULL)
    {
      g_autofree char *description = rapport_ui_error_to_markup (error);

      g_warning ("Search failed: %s", error->message);
      stop_filling (self);
      g_list_store_remove_all (self->results);
      show_page (self, "search-error");
      adw_status_page_set_description (self->error_page, description);
      rapport_trace_ready (RAPPORT_TRACE_PART_SEARCH);
      return;
    }

  /* One result per ticket: the best (first) match stands for the ticket. */
  seen = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  shown = g_ptr_array_new ();
  for (guint i = 0; i < hits->len; i++)
    {
      RapportSearchHit *hit = g_ptr_array_index (hits, i);
      gint64 ticket_id = rapport_search_hit_get_ticket_id (hit);

      if (g_hash_table_contains (seen, &ticket_id))
        continue;

      g_hash_table_add (seen, g_memdup2 (&ticket_id, sizeof ticket_id));
      g_ptr_array_add (shown, hit);
    }

  show_results (self, shown);
  show_page (self, shown->len > 0 ? "results" : "no-results");
  rapport_trace_ready (RAPPORT_TRACE_PART_SEARCH);
}

static void
run_search (RapportSearchView *self)
{
  g_autofree char *query = NULL;
  SearchData *data;

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->generation++;

  query = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->search_entry))));

  if (!gtk_search_bar_get_search_mode (self->search_bar) || *query == '\0' ||
      self->workspace == NULL)
    {
      stop_filling (self);
      g_list_store_remove_all (self->results);
      set_searching (self, FALSE);
      rapport_trace_ready (RAPPORT_TRACE_PART_SEARCH);
      return;
    }

  set_searching (self, TRUE);

  data = g_new0 (SearchData, 1);
  data->self = g_object_ref (self);
  data->generation = self->generation;

  self->cancellable = g_cancellable_new ();
  rapport_store_search_async (rapport_workspace_get_store (self->workspace),
                              rapport_workspace_get_account_id (self->workspace), query,
                              SEARCH_LIMIT, self->cancellable, on_search_cb, data);
}

/* The text changed (a key typed, or the search closed): its results are awaited. */
static void
on_search_text_changed_cb (RapportSearchView *self,
                           GtkEditable       *editable)
{
  rapport_trace_expect (RAPPORT_TRACE_PART_SEARCH, "search");
}

static void
on_search_changed_cb (RapportSearchView *self,
                      GtkSearchEntry    *entry)
{
  run_search (self);
}

static void
on_search_mode_changed_cb (RapportSearchView *self,
                           GParamSpec        *pspec,
                           GtkSearchBar      *search_bar)
{
  /* The entry starts hidden (it is not in the first frame); the bar reveals it from here. */
  if (gtk_search_bar_get_search_mode (search_bar))
    gtk_widget_set_visible (GTK_WIDGET (self->search_entry), TRUE);
  else
    gtk_editable_set_text (GTK_EDITABLE (self->search_entry), "");

  run_search (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SEARCH_MODE_ENABLED]);
}

static void
on_search_stopped_cb (RapportSearchView *self,
                      GtkSearchEntry    *entry)
{
  gtk_search_bar_set_search_mode (self->search_bar, FALSE);
  g_signal_emit (self, signals[STOPPED], 0);
}

/* Escape anywhere in the search (the entry, its results, the list under an empty query)
 * leaves it. Caught before the focus widget: keys pressed before the search bar has begun to
 * reveal the entry (a frame after Ctrl+F) do not reach the entry. */
static gboolean
on_escape_cb (GtkWidget *widget,
              GVariant  *args,
              gpointer   user_data)
{
  RapportSearchView *self = RAPPORT_SEARCH_VIEW (widget);

  if (!gtk_search_bar_get_search_mode (self->search_bar))
    return FALSE;

  on_search_stopped_cb (self, self->search_entry);
  return TRUE;
}

static void
on_search_activated_cb (RapportSearchView *self,
                        GtkSearchEntry    *entry)
{
  if (g_list_model_get_n_items (G_LIST_MODEL (self->results)) == 0)
    return;

  gtk_single_selection_set_selected (self->selection, 0);
  gtk_widget_activate_action (GTK_WIDGET (self->results_view), "list.scroll-to-item", "u", 0);
  gtk_widget_grab_focus (GTK_WIDGET (self->results_view));
}

static void
on_selected_item_changed_cb (RapportSearchView  *self,
                             GParamSpec         *pspec,
                             GtkSingleSelection *selection)
{
  RapportSearchHit *hit = gtk_single_selection_get_selected_item (selection);

  if (hit != NULL)
    g_signal_emit (self, signals[TICKET_SELECTED], 0, rapport_search_hit_get_ticket_id (hit));
}

static void
on_results_activated_cb (RapportSearchView *self,
                         guint              position,
                         GtkListView       *list_view)
{
  g_signal_emit (self, signals[RESULT_ACTIVATED], 0);
}

static void
on_results_clicked_cb (RapportSearchView *self,
                       int                n_press,
                       double             x,
                       double             y,
                       GtkGestureClick   *gesture)
{
  g_signal_emit (self, signals[RESULT_ACTIVATED], 0);
}

/* List item factory */

static void
setup_row_cb (GtkSignalListItemFactory *factory,
              GtkListItem              *list_item,
              gpointer                  user_data)
{
  gtk_list_item_set_child (list_item, rapport_search_row_new ());
}

static void
bind_row_cb (GtkSignalListItemFactory *factory,
             GtkListItem              *list_item,
             gpointer                  user_data)
{
  rapport_search_row_set_hit (RAPPORT_SEARCH_ROW (gtk_list_item_get_child (list_item)),
                              gtk_list_item_get_item (list_item));
}

static void
unbind_row_cb (GtkSignalListItemFactory *factory,
               GtkListItem              *list_item,
               gpointer                  user_data)
{
  rapport_search_row_set_hit (RAPPORT_SEARCH_ROW (gtk_list_item_get_child (list_item)), NULL);
}

/* GObject */

static void
rapport_search_view_dispose (GObject *object)
{
  RapportSearchView *self = (RapportSearchView *)object;

  g_cancellable_cancel (self->cancellable);
  self->generation++;
  stop_filling (self);

  gtk_widget_dispose_template (GTK_WIDGET (self), RAPPORT_TYPE_SEARCH_VIEW);
  self->content = NULL;
  self->error_page = NULL;

  g_clear_object (&self->cancellable);
  g_clear_object (&self->selection);
  g_clear_object (&self->results);
  g_clear_object (&self->workspace);

  G_OBJECT_CLASS (rapport_search_view_parent_class)->dispose (object);
}

static void
rapport_search_view_get_property (GObject    *object,
                                  guint       prop_id,
                                  GValue     *value,
                                  GParamSpec *pspec)
{
  RapportSearchView *self = RAPPORT_SEARCH_VIEW (object);

  switch (prop_id)
    {
    case PROP_WORKSPACE:
      g_value_set_object (value, self->workspace);
      break;

    case PROP_CONTENT:
      g_value_set_object (value, self->content);
      break;

    case PROP_SEARCH_MODE_ENABLED:
      g_value_set_boolean (value, rapport_search_view_get_search_mode (self));
      break;

    case PROP_SEARCHING:
      g_value_set_boolean (value, self->searching);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
rapport_search_view_set_property (GObject      *object,
                                  guint         prop_id,
                                  const GValue *value,
                                  GParamSpec   *pspec)
{
  RapportSearchView *self = RAPPORT_SEARCH_VIEW (object);

  switch (prop_id)
    {
    case PROP_WORKSPACE:
      rapport_search_view_set_workspace (self, g_value_get_object (value));
      break;

    case PROP_CONTENT:
      rapport_search_view_set_content (self, g_value_get_object (value));
      break;

    case PROP_SEARCH_MODE_ENABLED:
      rapport_search_view_set_search_mode (self, g_value_get_boolean (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
rapport_search_view_class_init (RapportSearchViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = rapport_search_view_dispose;
  object_class->get_property = rapport_search_view_get_property;
  object_class->set_property = rapport_search_view_set_property;

  properties[PROP_WORKSPACE] =
    g_param_spec_object ("workspace", NULL, NULL,
                         RAPPORT_TYPE_WORKSPACE,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  properties[PROP_CONTENT] =
    g_param_spec_object ("content", NULL, NULL,
                         GTK_TYPE_WIDGET,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  properties[PROP_SEARCH_MODE_ENABLED] =
    g_param_spec_boolean ("search-mode-enabled", NULL, NULL,
                          FALSE,
                          (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  properties[PROP_SEARCHING] =
    g_param_spec_boolean ("searching", NULL, NULL,
                          FALSE,
                          (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[SEARCHED] =
    g_signal_new ("searched",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_UINT);
  signals[TICKET_SELECTED] =
    g_signal_new ("ticket-selected",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_INT64);
  signals[RESULT_ACTIVATED] =
    g_signal_new ("result-activated",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 0);
  signals[STOPPED] =
    g_signal_new ("stopped",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 0);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_PREFIX "/ui/rapport-search-view.ui");
  gtk_widget_class_bind_template_child (widget_class, RapportSearchView, box);
  gtk_widget_class_bind_template_child (widget_class, RapportSearchView, search_bar);
  gtk_widget_class_bind_template_child (widget_class, RapportSearchView, search_entry);
  gtk_widget_class_bind_template_child (widget_class, RapportSearchView, stack);
  gtk_widget_class_bind_template_child (widget_class, RapportSearchView, results_view);
  gtk_widget_class_bind_template_callback (widget_class, on_search_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_search_mode_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_search_stopped_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_search_activated_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_results_activated_cb);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "searchview");
}

static void
rapport_search_view_init (RapportSearchView *self)
{
  g_autoptr(GtkListItemFactory) factory = NULL;
  GtkGesture *click;

  gtk_widget_init_template (GTK_WIDGET (self));
  rapport_ui_list_view_tab_leaves (self->results_view);

  factory = gtk_signal_list_item_factory_new ();
  g_signal_connect (factory, "setup", G_CALLBACK (setup_row_cb), NULL);
  g_signal_connect (factory, "bind", G_CALLBACK (bind_row_cb), NULL);
  g_signal_connect (factory, "unbind", G_CALLBACK (unbind_row_cb), NULL);
  gtk_list_view_set_factory (self->results_view, factory);

  self->results = g_list_store_new (RAPPORT_TYPE_SEARCH_HIT);
  self->selection = gtk_single_selection_new (g_object_ref (G_LIST_MODEL (self->results)));
  gtk_single_selection_set_autoselect (self->selection, FALSE);
  gtk_single_selection_set_can_unselect (self->selection, TRUE);
  g_signal_connect_object (self->selection, "notify::selected-item",
                           G_CALLBACK (on_selected_item_changed_cb), self, G_CONNECT_SWAPPED);
  gtk_list_view_set_model (self->results_view, GTK_SELECTION_MODEL (self->selection));

  /* A click on a result (not only Enter) counts as choosing it: a narrow window moves on. */
  click = gtk_gesture_click_new ();
  g_signal_connect_object (click, "released", G_CALLBACK (on_results_clicked_cb), self,
                           G_CONNECT_SWAPPED);
  gtk_widget_add_controller (GTK_WIDGET (self->results_view), GTK_EVENT_CONTROLLER (click));

  /* Each change searches at once: a search is a few milliseconds on the store's worker, and
   * the answer of a text changed since is dropped (the generation) or cancelled. */
  gtk_search_entry_set_search_delay (self->search_entry, 0);
  if (rapport_trace_enabled ())
    g_signal_connect_object (self->search_entry, "changed",
                             G_CALLBACK (on_search_text_changed_cb), self, G_CONNECT_SWAPPED);
  gtk_search_bar_connect_entry (self->search_bar, GTK_EDITABLE (self->search_entry));

  {
    GtkEventController *controller = gtk_shortcut_controller_new ();

    gtk_event_controller_set_propagation_phase (controller, GTK_PHASE_CAPTURE);
    gtk_shortcut_controller_add_shortcut (GTK_SHORTCUT_CONTROLLER (controller),
                                          gtk_shortcut_new (gtk_keyval_trigger_new (GDK_KEY_Escape, 0),
                                                            gtk_callback_action_new (on_escape_cb,
                                                                                     NULL, NULL)));
    gtk_widget_add_controller (GTK_WIDGET (self), controller);
  }
}

GtkWidget *
rapport_search_view_new (void)
{
  return g_object_new (RAPPORT_TYPE_SEARCH_VIEW, NULL);
}

RapportWorkspace *
rapport_search_view_get_workspace (RapportSearchView *self)
{
  g_return_val_if_fail (RAPPORT_IS_SEARCH_VIEW (self), NULL);

  return self->workspace;
}

void
rapport_search_view_set_workspace (RapportSearchView *self,
                                   RapportWorkspace  *workspace)
{
  g_return_if_fail (RAPPORT_IS_SEARCH_VIEW (self));
  g_return_if_fail (!workspace || RAPPORT_IS_WORKSPACE (workspace));

  if (!g_set_object (&self->workspace, workspace))
    return;

  /* The results were the other account's: the search ends (and a search under way is
   * dropped). */
  gtk_search_bar_set_search_mode (self->search_bar, FALSE);
  run_search (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_WORKSPACE]);
}

GtkWidget *
rapport_search_view_get_content (RapportSearchView *self)
{
  g_return_val_if_fail (RAPPORT_IS_SEARCH_VIEW (self), NULL);

  return self->content;
}

void
rapport_search_view_set_content (RapportSearchView *self,
                                 GtkWidget         *content)
{
  g_return_if_fail (RAPPORT_IS_SEARCH_VIEW (self));
  g_return_if_fail (!content || GTK_IS_WIDGET (content));

  if (self->content == content)
    return;

  if (self->content != NULL)
    gtk_stack_remove (self->stack, self->content);
  self->content = content;
  if (content != NULL)
    {
      gtk_stack_add_named (self->stack, content, "content");
      if (!self->searching)
        rapport_ui_stack_show_page (self->stack, "content");
    }

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CONTENT]);
}

gboolean
rapport_search_view_get_search_mode (RapportSearchView *self)
{
  g_return_val_if_fail (RAPPORT_IS_SEARCH_VIEW (self), FALSE);

  return gtk_search_bar_get_search_mode (self->search_bar);
}

void
rapport_search_view_set_search_mode (RapportSearchView *self,
                                     gboolean           search_mode)
{
  g_return_if_fail (RAPPORT_IS_SEARCH_VIEW (self));

  /* The bar notifies only a change, and the property follows it. */
  gtk_search_bar_set_search_mode (self->search_bar, search_mode);
}

gboolean
rapport_search_view_get_searching (RapportSearchView *self)
{
  g_return_val_if_fail (RAPPORT_IS_SEARCH_VIEW (self), FALSE);

  return self->searching;
}

void
rapport_search_view_begin (RapportSearchView *self)
{
  g_return_if_fail (RAPPORT_IS_SEARCH_VIEW (self));

  if (self->workspace == NULL)
    return;

  gtk_search_bar_set_search_mode (self->search_bar, TRUE);
  gtk_widget_grab_focus (GTK_WIDGET (self->search_entry));
  gtk_editable_select_region (GTK_EDITABLE (self->search_entry), 0, -1);
}
