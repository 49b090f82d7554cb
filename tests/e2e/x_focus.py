# SPDX-License-Identifier: GPL-3.0-or-later
"""The X input focus given back to the window under the pointer, as a window manager would.

A window manager gives the focus back to the main window when a menu, popover or dialog of it
closes. Xvfb runs none: GTK 4.14 and later then take the main window for inactive, and report
no control of it focused (AT-SPI) while it still takes the keys. GTK 4.8 does not mind.
"""

import ctypes
import os

POINTER_ROOT = 1
REVERT_TO_POINTER_ROOT = 1
CURRENT_TIME = 0


def give_focus_back(failure=OSError):
    """Focus to None, then to PointerRoot: setting PointerRoot when it is the focus already (a
    menu's keyboard grab has just ended) sends no event, the change from None sends the window
    under the pointer a FocusIn. Raises failure (the test's own exception: it reports it like
    its other failures) when there is no X display."""
    xlib = ctypes.cdll.LoadLibrary('libX11.so.6')
    xlib.XOpenDisplay.restype = ctypes.c_void_p
    display = xlib.XOpenDisplay(None)
    if not display:
        raise failure('cannot open the X display %s' % os.environ.get('DISPLAY'))
    display = ctypes.c_void_p(display)
    xlib.XSetInputFocus(display, 0, REVERT_TO_POINTER_ROOT, CURRENT_TIME)
    xlib.XSetInputFocus(display, POINTER_ROOT, REVERT_TO_POINTER_ROOT, CURRENT_TIME)
    xlib.XSync(display, 0)
    xlib.XCloseDisplay(display)
