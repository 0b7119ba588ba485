"""An import file kept on the server between its check and the editor's confirmation.

The checked file is saved under a random name in the `partner_imports` storage
(settings.STORAGES: a directory outside MEDIA_ROOT, or a private prefix of the media bucket
when several servers share one). The page carries only a token, signed with SECRET_KEY
(`django.core.signing`), that names the stored file, the user who uploaded it, the SHA-256
of its content and the fingerprint of what the check found. The client never names a path:
a forged or altered token, one older than MAX_AGE or one for another user is refused, and
so is a stored file whose content no longer has the signed hash. A file is removed once it
has been imported or the import cancelled, or when it is older than MAX_AGE (looked for at
every upload).
"""

import contextlib
import hashlib
import re
import uuid
from dataclasses import dataclass
from datetime import timedelta

from django.core import signing
from django.core.files.base import ContentFile
from django.core.files.storage import storages
from django.utils import timezone
from django.utils.translation import gettext as _

STORAGE = "partner_imports"
# The names keep() gives files (a storage may add "_" and a few characters on a clash).
NAME = re.compile(r"[0-9a-f]{32}(_[0-9A-Za-z]+)?\.upload")
SALT = "partners.import.upload"
# Long enough to read a large dry-run report, short enough that files do not pile up.
MAX_AGE = timedelta(hours=1)


class UploadError(Exception):
    """The token or the stored file cannot be used; the message says what to do."""


@dataclass
class StoredUpload:
    name: str
    filename: str
    sha256: str
    fingerprint: str
    user_pk: int

    @property
    def token(self):
        return signing.dumps(
            [self.name, self.filename, self.sha256, self.fingerprint, self.user_pk], salt=SALT
        )

    def reissued(self, fingerprint):
        """The same file under a new token, after it was checked again."""
        return StoredUpload(self.name, self.filename, self.sha256, fingerprint, self.user_pk)

    def read(self):
        """The stored bytes, if they are still those that were checked."""
        try:
            with storage().open(self.name, "rb") as file:
                data = file.read()
        except (FileNotFoundError, OSError) as error:
            raise UploadError(
                _(
                    "The checked file is no longer on the server (it may have been imported "
                    "already). Nothing was imported; upload the file again."
                )
            ) from error
        if hashlib.sha256(data).hexdigest() != self.sha256:
            self.discard()
            raise UploadError(
                _(
                    "The stored file changed after it was checked. Nothing was imported; "
                    "upload the file again."
                )
            )
        return data

    def discard(self):
        storage().delete(self.name)


def storage():
    return storages[STORAGE]


def keep(data, filename, user, fingerprint):
    """Store checked bytes; the StoredUpload's token lets `user` confirm them later."""
    remove_stale()
    name = storage().save(f"{uuid.uuid4().hex}.upload", ContentFile(data))
    return StoredUpload(name, filename, hashlib.sha256(data).hexdigest(), fingerprint, user.pk)


def from_token(token, user):
    """The StoredUpload a token names, if the token is genuine, recent and `user`'s."""
    try:
        fields = signing.loads(token, salt=SALT, max_age=MAX_AGE)
    except signing.SignatureExpired as error:
        _discard_expired(token)
        raise UploadError(
            _(
                "The check of this file is more than %(minutes)s minutes old. Nothing was "
                "imported; upload the file again."
            )
            % {"minutes": int(MAX_AGE.total_seconds() // 60)}
        ) from error
    except signing.BadSignature as error:
        raise UploadError(_invalid_message()) from error
    try:
        upload = StoredUpload(*fields)
    except TypeError as error:
        raise UploadError(_invalid_message()) from error
    # Only the server signs tokens; still, never follow a name it would not have made.
    if upload.user_pk != user.pk or not NAME.fullmatch(str(upload.name)):
        raise UploadError(_invalid_message())
    return upload


def _invalid_message():
    return _(
        "This confirmation is not valid (it may have been altered). Nothing was imported; "
        "upload the file again."
    )


def _discard_expired(token):
    # The signature is genuine, only old: the name it carries can be trusted to delete.
    with contextlib.suppress(signing.BadSignature, TypeError):
        upload = StoredUpload(*signing.loads(token, salt=SALT))
        if NAME.fullmatch(str(upload.name)):
            upload.discard()


def remove_stale(now=None):
    """Delete stored files older than MAX_AGE: checked, then never confirmed."""
    oldest = (now or timezone.now()) - MAX_AGE
    try:
        _directories, names = storage().listdir("")
    except FileNotFoundError:
        return
    for name in names:
        if not NAME.fullmatch(name):
            continue
        try:
            if storage().get_modified_time(name) < oldest:
                storage().delete(name)
        except FileNotFoundError:
            # Removed meanwhile by another request.
            continue
