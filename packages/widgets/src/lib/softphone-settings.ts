/**
 * The softphone's device and behaviour settings, per browser (devices belong to the machine,
 * not to the user): localStorage `org-softphone:settings`. Unknown or broken values fall back to
 * the defaults one by one.
 */
import { safeStorage } from "./softphone-history.js"

export interface SoftphoneSettings {
  /** Microphone deviceId; "" = the system default. */
  readonly inputDeviceId: string
  /** Speaker (call audio) deviceId; "" = the default output. */
  readonly outputDeviceId: string
  /** Where the ring tone plays; "" = the default output. */
  readonly ringerDeviceId: string
  /** Call audio volume, 0…1. */
  readonly volume: number
  /** Ring tone volume, 0…1. */
  readonly ringVolume: number
  /** Answer incoming calls by itself when no other call is going on. */
  readonly autoAnswer: boolean
}

export const DEFAULT_SETTINGS: SoftphoneSettings = {
  inputDeviceId: "",
  outputDeviceId: "",
  ringerDeviceId: "",
  volume: 1,
  ringVolume: 0.6,
  autoAnswer: false,
}

export const SETTINGS_KEY = "org-softphone:settings"

export function loadSettings(storage: Storage | undefined = safeStorage()): SoftphoneSettings {
  let raw: Record<string, unknown> = {}
  try {
    const parsed: unknown = JSON.parse(storage?.getItem(SETTINGS_KEY) ?? "{}")
    if (typeof parsed === "object" && parsed !== null) raw = parsed as Record<string, unknown>
  } catch {
    raw = {}
  }
  const str = (k: keyof SoftphoneSettings, d: string) => (typeof raw[k] === "string" ? (raw[k] as string) : d)
  const unit = (k: keyof SoftphoneSettings, d: number) => {
    const n = raw[k]
    return typeof n === "number" && n >= 0 && n <= 1 ? n : d
  }
  return {
    inputDeviceId: str("inputDeviceId", DEFAULT_SETTINGS.inputDeviceId),
    outputDeviceId: str("outputDeviceId", DEFAULT_SETTINGS.outputDeviceId),
    ringerDeviceId: str("ringerDeviceId", DEFAULT_SETTINGS.ringerDeviceId),
    volume: unit("volume", DEFAULT_SETTINGS.volume),
    ringVolume: unit("ringVolume", DEFAULT_SETTINGS.ringVolume),
    autoAnswer: typeof raw["autoAnswer"] === "boolean" ? raw["autoAnswer"] : DEFAULT_SETTINGS.autoAnswer,
  }
}

export function saveSettings(settings: SoftphoneSettings, storage: Storage | undefined = safeStorage()): void {
  try {
    storage?.setItem(SETTINGS_KEY, JSON.stringify(settings))
  } catch {
    // forbidden storage: the settings last for this page
  }
}
