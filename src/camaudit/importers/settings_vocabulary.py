"""What the key names of a camera's settings say: the concepts, their spellings in the makers' APIs, and the sources.

This module is data, read by :mod:`camaudit.importers.settings_keys`. Each :class:`Concept` is one thing a camera
or recorder has a setting for and a web server, router, media server, TV, printer, smart bulb or photo camera does
not; its ``spellings`` are key names as the makers' own APIs write them, *folded* (lower case, no ``_``/``-``,
trailing digits and one of the generic prefixes and suffixes of :data:`PREFIXES`/:data:`SUFFIXES` removed: ISAPI's
``IrcutFilterType`` and ONVIF's ``IrCutFilter`` both fold to ``ircutfilter``). Where each comes from:

* ONVIF (everyone's): ``ImagingSettings20`` -- ``IrCutFilter``, ``WideDynamicRange``, ``BacklightCompensation``,
  ``Exposure`` (``Iris``, ``MinIris``), ``Focus``; imaging ``Defogging``; media ``OSDConfiguration``; analytics
  ``CellMotionDetector``; PTZ nodes (github:patrickmichalina/onvif-rx/docs/interfaces/_api_types_.imagingsettings20.md
  @d62cee92ef18, the schema's types as TypeScript docs);
* Hikvision ISAPI: ``/ISAPI/Image/channels/<n>`` -- ``IrcutFilter``/``IrcutFilterType``/``nightToDayFilterLevel``,
  ``SupplementLight``, ``WDR``/``WDRLevel``, ``BLC``, ``HLC``, ``Shutter``/``ShutterLevel``, ``PowerLineFrequency``/
  ``powerLineFrequencyMode``, ``ImageFlip``, ``Corridor``, ``Dehaze``; ``/ISAPI/Streaming/channels`` --
  ``videoInputChannelID``, ``videoCodecType``, ``videoQualityControlType``, ``GovLength``
  (github:rajlful/hik/settings.py@e3a3da0d3d3b; https://www.hikvision.com/en/support/download/sdk/ ISAPI guide);
* Dahua HTTP API ``configManager.cgi`` names (also the JSON of RPC2): ``VideoInOptions`` with ``DayNightColor``,
  ``Mirror``, ``Flip``, ``FlashControl``, ``NightOptions``; ``VideoWidget``/``Covers``, ``ChannelTitle``,
  ``MotionDetect``, ``BlindDetect``, ``LossDetect``, ``AlarmIn``/``AlarmOut``
  (github:tminei/DahuaManager/doc/manual.md@c0676d631ab8, after Dahua's HTTP API document); ``VideoInExposure``
  with ``Iris``/``IrisAuto``/``IrisMax``, ``AntiFlicker``, ``GlareInhibition``, ``WideDynamicRange``
  (github:Aqudei/pydahua/README.md@1c0c087215f5, a client's printed answers);
* Xiongmai "Sofia" DVRIP ``Camera.Param``: ``DayNightColor``, ``BLCMode``, ``AeSensitivity``, ``ElecLevel``,
  ``IrcutSwap``, ``PictureFlip``, ``PictureMirror``, ``RejectFlicker``, ``Day_nfLevel``; ``fVideo.OSDInfo``,
  ``Detect.MotionDetect``/``BlindDetect``/``LossDetect`` (github:markmac99/pi-meteortools/pi/SetExpo.py@04c86975be54,
  a printed Camera.Param; github:prototriangle/camera-configuration/README.md@024dff92f1db, python-dvr's README);
* the white-label hi3510 "IPCAM" CGIs (``param.cgi?cmd=...``): ``setinfrared``/``infraredstat``, ``setircutattr``,
  ``setimageattr`` with ``mirror``, ``flip``, ``wdr``, ``shutter``, ``night``; ``setvideoattr`` with ``vinorm`` (the
  PAL/NTSC norm); ``setoverlayattr`` (github:Brain820/cognate_vms/default_camera_config.tsx@a64127b37e52);
* Foscam CGI (``CGIProxy.fcgi``): ``isMirror``, ``isFlip`` (getMirrorAndFlipSetting), ``isEnableTimeStamp``,
  ``isEnableDevName``, ``dispPos``, ``isEnableOSDMask`` (getOSDSetting)
  (github:hypothermic/FoscamAPI/src/main/java/nl/hypothermic/foscamlib/Foscam.java@1ef57750bc95 and
  containers/OSDSettings.java@1ea03a61363a); its getDevState ``infraLedState`` is spelt as client libraries in the
  code corpus read it (no citable copy here);

* Reolink's ``api.cgi`` JSON: ``GetEnc``'s ``mainStream``/``subStream``, ``GetOsd``'s ``osdChannel``/``osdTime``
  (github:ReolinkCameraAPI/reolinkapipy/examples/response/GetEnc.json@3f6e0b2b7e91 and GetOsd.json@3f6e0b2b7e91),
  ``SetIsp``'s ``antiFlicker``, ``dayNight``, ``backLight``, ``blc``, ``mirroring``, ``nr3d``
  (github:ReolinkCameraAPI/reolinkapipy/api/image.py@0c3475aa00a0);
* Hubble Connected's camera firmware (Motorola and Binatone baby monitors): ``value_flipup``/``set_flipup``, the
  ceiling-mount flip, and ``get_night_vision`` (github:jingle-jew/hubble-connected-home-assistant/custom_components/
  hubble_connected/local.py@83936788ed6e); TP-Link Tapo's ``lens_mask`` (getLensMaskConfig, the privacy mode that
  covers the lens: github:kopiro/homebridge-tapo-camera/src/tapo.d.ts@f0e0b2d6ab41) (helper-103);
* image sensors' own register names (helper-123): the ESP32 camera driver's ``hmirror``/``vflip`` (the
  CameraWebServer example's ``/status`` answer and ``/control?var=`` names:
  github:espressif/arduino-esp32/libraries/ESP32/examples/Camera/CameraWebServer/app_httpd.cpp@25484e148339), the
  Raspberry Pi camera's ``hflip``/``vflip`` and flicker avoidance (``flickerAvoidMode``, ``--flicker``:
  github:raspberrypi/userland/host_applications/linux/apps/raspicam/RaspiCamControl.c@39f4e8c73428); a bare
  ``flicker`` key is the same mains setting (its value 50 or 60 Hz);
* video analytics rules and video sources (helper-161): ONVIF's analytics rule types and media configurations
  (github:patrickmichalina/onvif-rx/src/api/media.ts@87365eda6cba: GetVideoSources, VideoSourceConfiguration,
  VideoAnalyticsConfiguration; https://www.onvif.org/specs/srv/analytics/ONVIF-Analytics-Service-Spec.pdf: the
  LineDetector and FieldDetector rules), ISAPI's smart-event triggers (github:JoeyGE0/hikvision_isapi/
  ENDPOINT_COMPARISON_WITH_PDF.md@5708ca1844d6: lineDetection, regionEntrance, regionExiting checked against the ISAPI
  document) and Dahua's IVS event codes (github:rroller/dahua/custom_components/dahua/binary_sensor.py@024ee8662295:
  CrossLineDetection, the tripwire rule; ivs.py@6ca085a52657: the VideoAnalyseRule table);
* a camera's or recorder's streams by their role (helper-98): the main stream and the sub-streams a camera encodes
  side by side for recording and for viewing -- Reolink's ``mainStream``/``subStream`` (above), Xiongmai's and Dahua's
  ``MainFormat``/``ExtraFormat`` (github:prototriangle/camera-configuration/README.md@024dff92f1db, python-dvr's
  Simplify.Encode). A media server or a transcoder names its outputs by codec or profile, not main and sub stream.

Left out on purpose, because other devices have them too: brightness, contrast, saturation, hue, sharpness, white
balance, gamma (TVs, UPnP RenderingControl, smart bulbs); exposure, shutter speed, ISO, focus, zoom, aperture (photo
cameras' remote APIs -- Sony's Camera Remote API, Canon CCAPI, GoPro -- are not video devices here: layers/
device_words.yaml types a still or action camera ``not_camera``); resolution, bitrate, frame rate, codec, GOP (media
servers, transcoders, TVs); bare ``backlight`` (a TV's panel), ``hdr`` (TVs, phones), ``motion`` (home-automation
motion sensors), ``tamper`` (alarm panels), ``channel`` (Wi-Fi, TV tuners), ``storage``/``disk``/``volume``
(every NAS).
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class Kind(StrEnum):
    """What a concept says about the device."""

    #: The image sensor and lens of a camera (or of the analogue cameras a recorder's channel shows).
    SENSOR = "sensor"
    #: Surveillance video that cameras and recorders both configure (OSD, masks, motion areas, alarms).
    VIDEO = "video"
    #: A recorder's: its disks, its analogue or IP channel counts.
    RECORDER = "recorder"
    #: A capability only (audio, thermal ...): never counted towards "a camera's settings".
    CAPABILITY = "capability"


@dataclass(frozen=True, slots=True)
class Concept:
    """One setting only video devices have, and how the makers' APIs spell its key."""

    name: str
    kind: Kind
    spellings: frozenset[str]
    #: The capability a key of this concept shows (``layers/settings_keys.yaml`` asserts it), if any.
    capability: str | None = None
    #: A recorder concept of analogue inputs (a DVR's) rather than of IP channels (an NVR's).
    analog: bool = False


def _concept(name: str, kind: Kind, spellings: str, **more: object) -> Concept:
    return Concept(name, kind, frozenset(spellings.split()), **more)  # type: ignore[arg-type]


CONCEPTS: tuple[Concept, ...] = (
    # IR-cut filter and day/night switching: ONVIF IrCutFilter, ISAPI IrcutFilter/IrcutFilterType, Dahua and
    # Xiongmai DayNightColor, Xiongmai IrcutSwap, hi3510 setircutattr/infraredstat, baby cameras' night_vision.
    _concept("day_night", Kind.SENSOR,
             "ircutfilter ircut ircutswap ircutfiltermodes ircutfilterautoadjustment ircutattr daynight "
             "daynightcolor daynightfilter daynightswitch nighttodayfilter nighttoday daytonight dnmode dncthr "
             "infraredstat nightvision"),
    # The infrared illuminator: ISAPI SupplementLight, Foscam infraLed*, hi3510 setinfrared, Dahua/OpenIPC IR LEDs,
    # Rockchip rkipc's FillLight.
    _concept("ir_light", Kind.SENSOR,
             "supplementlight infraled infrared irled irleds irlight irlights smartir exir irlamp irintensity "
             "irlightbrightness filllight"),
    # Wide dynamic range: ONVIF WideDynamicRange, ISAPI WDR/WDRLevel, hi3510 wdr/wdrvalue, Vivotek wdrpro.
    _concept("wdr", Kind.SENSOR, "widedynamicrange widedynamic wdr wdrpro wdrvalue dwdr"),
    # Backlight and highlight compensation: ONVIF BacklightCompensation, ISAPI BLC/HLC, Xiongmai BLCMode, Dahua
    # GlareInhibition.
    _concept("backlight_compensation", Kind.SENSOR,
             "backlightcompensation blc blcregion hlc highlightcompensation glareinhibition"),
    # Lens iris: ONVIF Exposure Iris/MinIris/MaxIris, Dahua IrisAuto/IrisMax, P-iris lenses, Xiongmai ApertureMode.
    _concept("iris", Kind.SENSOR,
             "iris miniris maxiris autoiris irisauto irismax irismin piris dciris irismode aperturemode"),
    # Optical defog: ONVIF Defogging, ISAPI Dehaze.
    _concept("defog", Kind.SENSOR, "defog defogging dehaze antifog"),
    # Mirror and flip of the picture (a ceiling mount): Dahua Mirror/Flip, Xiongmai PictureFlip/PictureMirror,
    # Foscam isMirror/isFlip, hi3510 mirror/flip, ISAPI ImageFlip, corridor mode, Hubble's ceiling-mount flipup.
    _concept("mirror_flip", Kind.SENSOR,
             "mirror flip imageflip imagemirror pictureflip picturemirror mirrorflip corridor "
             "corridormode mirroring flipup hmirror vflip hflip"),
    # Mains anti-flicker and the analogue video norm: ISAPI powerLineFrequencyMode, Xiongmai RejectFlicker, Foscam
    # pwrFreq; hi3510 vinorm, Dahua/Xiongmai VideoStandard (PAL/NTSC).
    _concept("video_standard", Kind.SENSOR,
             "powerlinefrequency rejectflicker pwrfreq antiflicker videostandard vinorm videonorm flicker "
             "flickeravoid"),
    # On-screen display: ONVIF OSDConfiguration/OSDTextConfiguration, Dahua VideoWidget/ChannelTitle, Xiongmai
    # OSDInfo, hi3510 setoverlayattr, Foscam OSD, Reolink osdChannel/osdTime.
    _concept("osd", Kind.VIDEO,
             "osd osdconfiguration osdtextconfiguration osdinfo osdtext channeltitle videowidget textoverlay "
             "overlayattr channelnameoverlay datetimeoverlay timetitle osdchannel osdtime"),
    # The streams a camera encodes side by side by their role: Reolink mainStream/subStream, Xiongmai and Dahua
    # MainFormat/ExtraFormat (Encode's main and extra stream), a second or third stream. Roles, not codecs: a media
    # server's or transcoder's outputs are named by codec, profile or bit rate.
    _concept("stream_roles", Kind.VIDEO,
             "mainstream substream secondstream thirdstream mainformat extraformat substreamformat"),
    # Privacy masks: ONVIF Mask, ISAPI PrivacyMask, Dahua Covers, Foscam OSDMask, Tapo's lens mask (privacy mode).
    _concept("privacy_mask", Kind.VIDEO, "privacymask privacymasks covers coverregion osdmask videomask lensmask"),
    # Motion-detection areas: ONVIF CellMotionDetector/CellLayout, ISAPI MotionDetection, Dahua and Xiongmai
    # MotionDetect, Foscam getMotionDetectConfig, Reolink MdAlarm.
    _concept("motion_detection", Kind.VIDEO,
             "motiondetection motiondetect motiondetector cellmotiondetector celllayout motiondetectionlayout "
             "mdalarm motionregion motionarea"),
    # Video analytics rules (helper-161): a virtual line or a region drawn on the picture, with an event when an object
    # crosses, enters, leaves or lingers in it -- ONVIF's analytics rule types LineDetector and FieldDetector and a
    # profile's VideoAnalyticsConfiguration, ISAPI's smart events (lineDetection, fieldDetection, regionEntrance,
    # regionExiting, loitering), Dahua's IVS rules (VideoAnalyseRule; CrossLineDetection, CrossRegionDetection, the
    # tripwire). Only a device that analyses its own or its cameras' video has them.
    _concept("video_analytics", Kind.VIDEO,
             "linedetector fielddetector videoanalytics linedetection fielddetection regionentrance regionexiting "
             "loitering crosslinedetection crossregiondetection tripwire videoanalyserule"),
    # The device's video inputs (helper-161): ONVIF's video sources (GetVideoSources, "the physical video inputs of
    # the device"; a profile's VideoSourceConfiguration and its token), ISAPI's counts of them (videoInputPortNums,
    # videoInputChannelNums, SysCap's videoInNo). Not a bare "video input": a TV's or a receiver's HDMI inputs.
    _concept("video_source", Kind.VIDEO,
             "videosource videosources videosourcetoken videoinno videoinputportnums videoinputchannelnums "
             "videoinputnums"),
    # ONVIF's video encoder configuration (helper-161), by its whole compound name only: a media profile's
    # VideoEncoderConfiguration (Media) or VideoEncoder2Configuration (Media2). A media server or a transcoder names its
    # encoder ("videoEncoder", "video_codec"), never ONVIF's configuration entity.
    _concept("video_encoder_configuration", Kind.VIDEO,
             "videoencoderconfiguration videoencoderconfigurations videoencoder2configuration "
             "videoencoder2configurations"),
    # Tampering and video loss: ISAPI VideoLoss/tamperDetection, Dahua BlindDetect/LossDetect.
    _concept("tamper_video_loss", Kind.VIDEO,
             "videoloss lossdetect blinddetect videoblind videotamper tamperdetection shelteralarm"),
    # Alarm inputs and outputs: ISAPI IOInputPort, Dahua AlarmIn/AlarmOut, Xiongmai AlarmInChannel.
    _concept("alarm_io", Kind.VIDEO,
             "alarmin alarmout alarminput alarmoutput alarminchannel alarmoutchannel ioinputport iooutputport "
             "alarminputs alarmoutputs"),
    # Pan/tilt/zoom: ONVIF PTZ nodes, ISAPI PTZCtrl, Foscam ptz*, Dahua ptz.cgi.
    _concept("ptz", Kind.SENSOR,
             "ptz ptznode ptzconfiguration ptzctrl ptzspeed ptzpreset ptzpatrol pantilt panspeed tiltspeed "
             "presetposition", capability="ptz"),
    # A recorder's disks: ISAPI hdd/HDDList, Dahua and Xiongmai HDD, Hikvision SDK hard disks.
    _concept("recorder_disk", Kind.RECORDER, "hdd hddnum hddcount hddinfo hddmanage harddisk harddisknum"),
    # Analogue video inputs (a DVR's): Xiongmai VideoInChannel, ISAPI videoInputChannelID, analog channel counts.
    _concept("analog_channels", Kind.RECORDER,
             "analogchannel analogchannels analogchannelnum videoinchannel videoinputchannel analoginputs",
             analog=True),
    # IP channels (an NVR's): ISAPI InputProxyChannel, Xiongmai DigChannel, IP channel counts.
    _concept("ip_channels", Kind.RECORDER,
             "ipchannel ipchannels ipchannelnum digchannel digitalchannel inputproxychannel remotechannel "
             "proxychannel"),
    # Capabilities only: two-way audio, thermal measurement, face and plate analytics.
    _concept("audio", Kind.CAPABILITY, "twowayaudio audioin audioinput talkback audiotalk talkinchannel",
             capability="audio"),
    _concept("thermal", Kind.CAPABILITY,
             "thermometry temperaturemeasure thermometrybasicparam isotherm pseudocolor", capability="thermal"),
    _concept("face", Kind.CAPABILITY,
             "facedetect facedetection facecapture facesnap facelib fdlib facerecognition facecontrast",
             capability="face_analytics"),
    _concept("plate", Kind.CAPABILITY, "anpr lpr platerecognition licenseplate vehicledetect trafficplate",
             capability="plate_recognition"),
)

#: Prefixes folded off a key before it is looked up (ISAPI ``isSupportPTZ``, Foscam ``isEnableOSDMask``,
#: ``getInfraLedConfig``); a Hungarian-notation type letter before a capital (Rockchip rkipc's ``sNightToDay``,
#: ``iNightToDayFilterLevel``) is removed too (settings_keys.lookup).
PREFIXES: tuple[str, ...] = ("issupport", "support", "isenable", "enable", "is", "get", "set", "cur", "default")
#: Suffixes folded off (at most two): ``IrcutFilterType``, ``WDRLevel``, ``BLCMode``, ``getMotionDetectConfig``.
SUFFIXES: tuple[str, ...] = (
    "capabilities", "configuration", "settings", "setting", "options", "option", "config", "params", "param",
    "enabled", "enable", "status", "switch", "control", "level", "mode", "type", "info", "cfg", "caps", "cap",
    "ctrl", "list", "attr", "value", "state", "region", "area", "sensitivity", "time", "action",
)

#: Makers whose APIs spell some keys their own way: the exact (case-kept) key names, and how many must agree.
#: Weak evidence (layers/settings_keys.yaml): a white-label firmware or a chip vendor's reference application may
#: copy a maker's names, so the maker is named only beside other video evidence and below a maker's own envelope.
MAKER_VOCABULARIES: dict[str, frozenset[str]] = {
    # ISAPI's own spellings (``Ircut`` with a lower-case c; ONVIF writes ``IrCut``). Rockchip's reference camera
    # application (rkipc, github:LuckfoxTECH/luckfox-pico/project/app/rkipc@8f34c2760d53) borrows the image names
    # with Hungarian prefixes (``iNightToDayFilterLevel``, ``sPowerLineFrequencyMode``): exact names keep it out.
    # The streaming channel's ``videoInputChannelID``, ``videoCodecType``, ``videoQualityControlType``,
    # ``vbrUpperCap`` and ``videoResolutionWidth`` were here until 2026-12-04 (helper-133): they are PSIA's own IP
    # Media Device names (the StreamingChannel schema of PSIA's IPMD API 1.0, 2009, a copy at
    # https://pdfslide.us/documents/ip-media-device-specification.html), from which ISAPI grew and which other makers'
    # PSIA firmware writes alike, so three of them named Hikvision in a PSIA answer as soon as anything typed it a video
    # device (layers/api_bodies.yaml's ISAPI-family grammars do). Hikvision's own addition to that schema,
    # ``GovLength`` (PSIA says ``keyFrameInterval``), stays.
    "hikvision-isapi": frozenset({
        "IrcutFilterType", "nightToDayFilterLevel", "nightToDayFilterTime", "supplementLightMode", "ImageFlipStyle",
        "powerLineFrequencyMode", "ShutterLevel", "WDRLevel", "GovLength", "grayScaleMode",
    }),
    # Xiongmai's Camera.Param names (Dahua's API has none of them; its DayNightColor and BLCMode are shared, so
    # left out).
    "xiongmai-sofia": frozenset({
        "AeSensitivity", "ElecLevel", "IrcutSwap", "EsShutter", "DncThr", "PictureFlip", "PictureMirror",
        "RejectFlicker", "Day_nfLevel", "Night_nfLevel", "ApertureMode",
    }),
    # Foscam CGI's result names (the CGI_Result envelope is read by importers/api_answers.py; these hold in a client's
    # JSON or key=value print of the same answers).
    "foscam-cgi": frozenset({
        "isMirror", "isFlip", "isEnableTimeStamp", "isEnableDevName", "isEnableTempAndHumid", "dispPos",
        "isEnableOSDMask",
    }),
    # Reolink api.cgi's names (its cmd/code list is read by importers/api_answers.py; these hold when a client prints
    # only the value object: {"Isp": {...}}, {"Enc": {...}}).
    "reolink-api": frozenset({
        "antiFlicker", "dayNight", "backLight", "mirroring", "nr3d", "osdChannel", "osdTime", "mainStream",
        "subStream",
    }),
}
#: Characteristic names that must agree before a vocabulary names its maker.
MAKER_MIN_NAMES = 3

#: Axis VAPIX's ``root.Properties`` group: what the product *is able to do*, one sub-group a feature, each with its own
#: flag (``root.Properties.Motion.Motion=yes``). Every Axis product answers the group -- door controllers, network
#: speakers, I/O modules and radars too -- with ``API.HTTP``, ``Firmware``, ``System``, ``HTTPS``, ``Audio``,
#: ``EmbeddedDevelopment``: those say nothing of video. These sub-groups do, and each is mapped to the video feature it
#: declares (the key's path after ``Properties.``, its first segment or, under ``API.``, its first two): an image
#: sensor's formats, resolutions and day/night switching (``Image``, ``ImageSource``; Zipstream is Axis's video
#: compression), video motion detection and tampering (``Motion``, ``Tampering``), PTZ (``PTZ``, ``GuardTour``,
#: ``API.PTZ``), the live view's on-screen controls, privacy masks, and video streaming (``API.RTSP``,
#: ``AlwaysMulticast``, ``API.WebSocket`` RTSP, ``API.Metadata`` -- an audio product may stream over RTSP too, so
#: streaming is one feature among the others, never enough alone). Sources: the properties answer of an AXIS M1065-LW
#: in github:Kane610/axis/tests/test_param_cgi.py@0176b7ce96f6 (response_param_cgi_properties), and Axis's VAPIX
#: library as kept in github:NilsWickman/Axis-Guardian/shared/docs/vapix/network-video/video-streaming.md@edbfd54ba7d8
#: ("Always multicast": a multicast video stream per video source, Network.RTP.R0.AlwaysMulticastVideo).
AXIS_VIDEO_PROPERTIES: dict[str, str] = {
    "Image": "image", "ImageSource": "sensor", "ZipStream": "image",
    "Motion": "motion", "Tampering": "motion",
    "PTZ": "ptz", "GuardTour": "ptz", "API.PTZ": "ptz",
    "API.OnScreenControls": "live_view", "PrivacyMask": "privacy_mask",
    "API.RTSP": "streaming", "AlwaysMulticast": "streaming", "API.WebSocket": "streaming", "API.Metadata": "streaming",
    # helper-161: a network video decoder (https://developer.axis.com/vapix/network-video/decoder-api, identified by
    # Properties.API.Decoder.Decoder=yes) and a video output of view areas to HDMI
    # (https://developer.axis.com/vapix/network-video/video-output-api, Properties.VideoOutputControl).
    "API.Decoder": "decoder", "VideoOutputControl": "video_output",
}
#: Distinct video features an Axis properties answer must declare to be a video product's ...
AXIS_MIN_FEATURES = 2
#: ... unless one of them is one only a product with a video channel or an image sensor declares (helper-161,
#: 2026-12-05): images it can deliver in listed formats and resolutions (``Image``: VAPIX's video-streaming chapter
#: checks ``Properties.Image.Format`` and ``Properties.Image.Resolution`` before asking for video), an image sensor
#: (``ImageSource``: day/night switching), a PTZ driver, privacy masks, a video decoder, a video output of view areas.
#: Axis's speakers, door controllers, I/O modules and sirens deliver no image; streaming, live-view controls and motion
#: stay one feature among two (an audio product streams over RTSP). Source:
#: https://developer.axis.com/vapix/network-video/video-streaming (a client checks the supported image formats and
#: resolutions, ``Properties.Image.Format`` and ``Properties.Image.Resolution``, before it asks for video).
AXIS_DECISIVE_FEATURES = frozenset({"image", "sensor", "ptz", "privacy_mask", "decoder", "video_output"})
#: Axis's security radars deliver images too -- a virtual video stream drawn from the radar's echoes (VAPIX radar
#: image API) -- and declare their radar (``Properties.Radar.Radar=yes``: the identification of every radar API in
#: VAPIX's radar chapter). A list that declares a radar is a video device's only by what no radar has: a PTZ driver or
#: privacy masks (a radar-video fusion camera declares them beside its radar). Sources:
#: https://developer.axis.com/vapix/radar/radar-autotracking (identification: ``Properties.Radar.Radar=yes``, a
#: product "equipped with a security radar"), https://developer.axis.com/vapix/radar/radar-image (the virtual video
#: stream a radar draws).
AXIS_RADAR_GROUP = "Radar"
AXIS_RADAR_VIDEO_FEATURES = frozenset({"ptz", "privacy_mask"})
#: Axis VAPIX's parameter groups (``param.cgi?action=list``, outside ``root.Properties``) that only a video product
#: holds, read where the list gives one of their *dynamic* instances: VAPIX names a dynamic group by the first letter
#: of its parent group and a number (``Image.I0``, ``ImageSource.I0``, ``PTZ.Limit.L1``, ``PTZ.Preset.P0``,
#: ``StreamProfile.S0``, ``Motion.M0``: the "Parameter management" chapter of the VAPIX library), so a view area, an
#: image sensor, a PTZ driver's limits or presets, a stream profile or a motion window is there, not only a group's
#: name. Sources: https://developer.axis.com/vapix/network-video/parameter-management (the dynamic-group grammar;
#: ``PTZ.Preset.P0.HomePosition``), github:Kane610/axis/tests/parameters/test_image.py@026d56cae0e3 (an Image group:
#: Image.I0 and I1 view areas) and tests/parameters/test_ptz.py@0dd958541e60 (the PTZ groups of an M1054, an M3024, a
#: Q1921 and a Q1798).
AXIS_VIDEO_GROUPS: dict[str, str] = {
    "Image": "image", "ImageSource": "sensor", "PTZ": "ptz", "StreamProfile": "streaming", "Motion": "motion",
}
