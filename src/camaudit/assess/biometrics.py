"""A privacy finding for cameras and terminals that can recognise faces (``face_analytics`` capability).

Face recognition turns video into biometric data, special category data under UK GDPR Article 9 when used to
identify people. The ICO's biometric recognition guidance (February 2024) expects a lawful basis *and* an
Article 9 condition, a data protection impact assessment before use, and explicit consent or a substantial
public interest condition in most workplace, school and leisure settings. camaudit only knows the device
*can* do it (from its model numbering or its reported capabilities), so the finding asks the owner to check
whether the feature is on and, if so, whether that processing is justified and documented.
"""

from __future__ import annotations

from collections.abc import Mapping

from camaudit.assess.privacy import dpia_status
from camaudit.model import Capability, Finding, Identity, Reference, Severity

ICO_BIOMETRICS = Reference(
    "ICO, Biometric data guidance: biometric recognition",
    "https://ico.org.uk/for-organisations/uk-gdpr-guidance-and-resources/lawful-basis/"
    "biometric-data-guidance-biometric-recognition/",
    "2024-02-23",
)
UK_GDPR_ART9 = Reference(
    "UK GDPR Article 9: processing of special categories of personal data",
    "https://www.legislation.gov.uk/eur/2016/679/article/9",
)


def biometric_findings(identity: Identity, annotations: Mapping[str, str] | None = None) -> list[Finding]:
    """A finding when the device can recognise or analyse faces."""
    if Capability.FACE_ANALYTICS.value not in identity.capabilities or not identity.is_video_device:
        return []
    dpia = dpia_status(annotations or {})
    severity: Severity = "low" if dpia == "done" else "medium"
    what = identity.model or identity.device_type or "this device"
    dpia_text = {
        "done": "Your notes say a DPIA has been done: check it covers face recognition.",
        "missing": "Your notes say there is no DPIA: one is required before face recognition is used.",
        "unknown": "Your notes do not say whether a data protection impact assessment (DPIA) has been done.",
    }[dpia]
    return [
        Finding(
            kind="privacy-biometric-capability",
            severity=severity,
            title=f"Can recognise faces ({what})",
            explanation=(
                "This device's model or reported capabilities include face detection or recognition. Used to "
                "identify people, that is biometric special category data under UK GDPR Article 9: the ICO "
                "expects a lawful basis and an Article 9 condition, a DPIA before use, and that less intrusive "
                f"means were considered first. camaudit cannot tell whether the feature is switched on. {dpia_text}"
            ),
            remediation=(
                "Check in the device's settings whether face capture, comparison or recognition is enabled. If it "
                "is not needed, switch it off and delete stored face templates. If it is needed, record the "
                "lawful basis and Article 9 condition, complete the DPIA, tell people with clear signs, and limit "
                "who can search the face database."
            ),
            references=(ICO_BIOMETRICS, UK_GDPR_ART9),
            details={"capability": Capability.FACE_ANALYTICS.value, "dpia": dpia, "model": identity.model},
        )
    ]
