# SPDX-License-Identifier: GPL-3.0-or-later
"""The X input focus given back to the window on top, as a window manager would.

A window manager gives the focus to a window as it opens, and back to the window below when a
menu, popover or dialog closes. Xvfb runs none: the focus stays PointerRoot (the keys go to the
window under the pointer), and GTK 4.14 and later take a window that had no FocusIn for
inactive: they report no control of it focused (AT-SPI) while it still takes the keys. GTK 4.8
does not mind.
"""

import ctypes
import os

NONE = 0
POINTER_ROOT = 1
REVERT_TO_POINTER_ROOT = 1
CURRENT_TIME = 0
IS_VIEWABLE = 2
INPUT_OUTPUT = 1


class XWindowAttributes(ctypes.Structure):
    _fields_ = [('x', ctypes.c_int), ('y', ctypes.c_int),
                ('width', ctypes.c_int), ('height', ctypes.c_int),
                ('border_width', ctypes.c_int), ('depth', ctypes.c_int),
                ('visual', ctypes.c_void_p), ('root', ctypes.c_ulong),
                ('class_', ctypes.c_int), ('bit_gravity', ctypes.c_int),
                ('win_gravity', ctypes.c_int), ('backing_store', ctypes.c_int),
                ('backing_planes', ctypes.c_ulong), ('backing_pixel', ctypes.c_ulong),
                ('save_under', ctypes.c_int), ('colormap', ctypes.c_ulong),
                ('map_installed', ctypes.c_int), ('map_state', ctypes.c_int),
                ('all_event_masks', ctypes.c_long), ('your_event_mask', ctypes.c_long),
                ('do_not_propagate_mask', ctypes.c_long), ('override_redirect', ctypes.c_int),
                ('screen', ctypes.c_void_p)]


def _load():
    xlib = ctypes.cdll.LoadLibrary('libX11.so.6')
    xlib.XOpenDisplay.restype = ctypes.c_void_p
    xlib.XOpenDisplay.argtypes = [ctypes.c_char_p]
    xlib.XDefaultRootWindow.restype = ctypes.c_ulong
    xlib.XDefaultRootWindow.argtypes = [ctypes.c_void_p]
    xlib.XQueryTree.argtypes = [ctypes.c_void_p, ctypes.c_ulong, ctypes.POINTER(ctypes.c_ulong),
                                ctypes.POINTER(ctypes.c_ulong),
                                ctypes.POINTER(ctypes.POINTER(ctypes.c_ulong)),
                                ctypes.POINTER(ctypes.c_uint)]
    xlib.XQueryPointer.argtypes = [ctypes.c_void_p, ctypes.c_ulong,
                                   ctypes.POINTER(ctypes.c_ulong), ctypes.POINTER(ctypes.c_ulong),
                                   ctypes.POINTER(ctypes.c_int), ctypes.POINTER(ctypes.c_int),
                                   ctypes.POINTER(ctypes.c_int), ctypes.POINTER(ctypes.c_int),
                                   ctypes.POINTER(ctypes.c_uint)]
    xlib.XGetWindowAttributes.argtypes = [ctypes.c_void_p, ctypes.c_ulong,
                                          ctypes.POINTER(XWindowAttributes)]
    xlib.XSetInputFocus.argtypes = [ctypes.c_void_p, ctypes.c_ulong, ctypes.c_int, ctypes.c_ulong]
    xlib.XFree.argtypes = [ctypes.c_void_p]
    xlib.XSync.argtypes = [ctypes.c_void_p, ctypes.c_int]
    xlib.XCloseDisplay.argtypes = [ctypes.c_void_p]
    return xlib


def _top_window(xlib, display, root):
    """The top-level window on top of the others: mapped, not a menu's or popover's
    (override-redirect) surface; 0 when there is none."""
    root_return, parent_return = ctypes.c_ulong(), ctypes.c_ulong()
    children, count = ctypes.POINTER(ctypes.c_ulong)(), ctypes.c_uint()
    if not xlib.XQueryTree(display, root, ctypes.byref(root_return), ctypes.byref(parent_return),
                           ctypes.byref(children), ctypes.byref(count)):
        return 0
    try:
        # Bottom to top in the stacking order.
        for index in reversed(range(count.value)):
            attributes = XWindowAttributes()
            if xlib.XGetWindowAttributes(display, children[index], ctypes.byref(attributes)) and \
                    attributes.map_state == IS_VIEWABLE and not attributes.override_redirect and \
                    attributes.class_ == INPUT_OUTPUT:
                return children[index]
        return 0
    finally:
        if children:
            xlib.XFree(children)


def give_focus_back(failure=OSError):
    """The focus to the window on top. When it is under the pointer: to None, then PointerRoot
    (setting PointerRoot when it is the focus already, as after a menu's keyboard grab, sends
    no event; the change from None sends that window a FocusIn), so that a window opening over
    it later takes the keys as it does now. When it is not (a dialog smaller than the main
    window, away from the pointer), to that window itself. Raises failure (the test's own
    exception: it reports it like its other failures) when there is no X display."""
    xlib = _load()
    display = xlib.XOpenDisplay(None)
    if not display:
        raise failure('cannot open the X display %s' % os.environ.get('DISPLAY'))
    try:
        root = xlib.XDefaultRootWindow(display)
        top = _top_window(xlib, display, root)
        root_return, under_pointer = ctypes.c_ulong(), ctypes.c_ulong()
        x, y, window_x, window_y = (ctypes.c_int() for _ in range(4))
        mask = ctypes.c_uint()
        xlib.XQueryPointer(display, root, ctypes.byref(root_return), ctypes.byref(under_pointer),
                           ctypes.byref(x), ctypes.byref(y), ctypes.byref(window_x),
                           ctypes.byref(window_y), ctypes.byref(mask))
        xlib.XSetInputFocus(display, NONE, REVERT_TO_POINTER_ROOT, CURRENT_TIME)
        if top == 0 or under_pointer.value == top:
            xlib.XSetInputFocus(display, POINTER_ROOT, REVERT_TO_POINTER_ROOT, CURRENT_TIME)
        else:
            xlib.XSetInputFocus(display, top, REVERT_TO_POINTER_ROOT, CURRENT_TIME)
        xlib.XSync(display, 0)
    finally:
        xlib.XCloseDisplay(display)
