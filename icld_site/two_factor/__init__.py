"""Two-factor sign-in to the Wagtail admin, built on django-otp.

The password step is Wagtail's own login page, `next` and all. After it, TwoFactorMiddleware
(middleware) sends a signed-in user on to the code step (views.verify) when the user has an
authenticator app, and to set one up (views.setup) when the user needs one and has none
(policy.requires_two_factor). A code is a TOTP code from the app or a recovery code (a
django-otp static token, each good once). Wrong codes count towards django-axes' lock-out
like wrong passwords, and the count is reset only when the whole sign-in is done
(signin.complete). A browser may be remembered for TWO_FACTOR_REMEMBER_DAYS (remember).
"""
