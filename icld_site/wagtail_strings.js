/* Wagtail 8 admin strings missing from the Swedish JavaScript catalogue of Wagtail
   (djangojs domain). Never loaded: makemessages -d djangojs reads this file so that
   locale/LANG/LC_MESSAGES/djangojs.po keep these msgids; the JavaScript catalogue view of
   Wagtail merges the translations of the project over its own.
   See docs/admin-translations.md. */
/* eslint-disable no-undef */
[
  gettext("%(time_zone_option)s: %(localized_time_zone_label)s"),
  gettext("A network error occurred."),
  gettext("A server error occurred."),
  gettext("Autosave in progress…"),
  gettext("Changes have been autosaved."),
  gettext("Complex"),
  gettext("Fair"),
  gettext("Good"),
  gettext("Pin toolbar"),
  gettext("Search options…"),
  gettext("Unpin toolbar"),
  ngettext("%(num)s min", "%(num)s mins", 1),
];
