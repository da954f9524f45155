"""All models, importable from one place."""
from juror_app.models.audit import AuditChainCheck, AuditChainHead, AuditEvent, record
from juror_app.models.base import Base, UTCDateTime, utcnow
from juror_app.models.contest import (
    CHANNELS,
    Assignment,
    Category,
    ConflictOfInterest,
    Distinction,
    DistinctionKind,
    Edition,
    EditionStatus,
    Participant,
    Rubric,
)
from juror_app.models.evidence import (
    EDITABLE_STATUSES,
    Contact,
    ContactStatus,
    CriterionScore,
    Photo,
)
from juror_app.models.mail import (
    MailOptOut,
    NotificationLog,
    OutboxMail,
    PasswordToken,
    ResetRequest,
    ResultLink,
)
from juror_app.models.people import DeviceToken, LoginFailure, Role, User
from juror_app.models.totals import ChannelTotal, TaskCount

__all__ = [
    "CHANNELS",
    "EDITABLE_STATUSES",
    "Assignment",
    "AuditChainCheck",
    "AuditChainHead",
    "AuditEvent",
    "Base",
    "Category",
    "ChannelTotal",
    "ConflictOfInterest",
    "Contact",
    "ContactStatus",
    "CriterionScore",
    "DeviceToken",
    "Distinction",
    "DistinctionKind",
    "Edition",
    "EditionStatus",
    "LoginFailure",
    "MailOptOut",
    "NotificationLog",
    "OutboxMail",
    "Participant",
    "PasswordToken",
    "ResetRequest",
    "Photo",
    "ResultLink",
    "Role",
    "Rubric",
    "TaskCount",
    "UTCDateTime",
    "User",
    "record",
    "utcnow",
]

# Registers the flush events that keep Contact.score and Edition.results_version in step.
from juror_app.models import derived  # noqa: E402,F401
