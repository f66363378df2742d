/**
 * Sound of the softphone: the ring tone and the ringback tone made with WebAudio (no asset),
 * played through an `<audio>` element so that `setSinkId` can send them to the chosen device;
 * the remote audio of calls on the speaker device; the list of audio devices.
 */

export type ToneKind = "ring" | "ringback"

interface ToneSpec {
  readonly freqs: readonly number[]
  /** [on, off, on, off…] in seconds, repeated. */
  readonly cadence: readonly number[]
}

const TONES: Record<ToneKind, ToneSpec> = {
  // a soft double ring (two close tones give the classic warble)
  ring: { freqs: [440, 480], cadence: [0.4, 0.2, 0.4, 2.0] },
  // the Russian ringback: 425 Hz, 1 s on, 4 s off
  ringback: { freqs: [425], cadence: [1.0, 4.0] },
}

type SinkAudio = HTMLAudioElement & { setSinkId?: (id: string) => Promise<void>; sinkId?: string }

/** True when the browser can choose the output device of media elements. */
export function canChooseOutput(): boolean {
  return typeof HTMLMediaElement !== "undefined" && "setSinkId" in HTMLMediaElement.prototype
}

async function setSink(audio: SinkAudio, deviceId: string): Promise<void> {
  if (!audio.setSinkId || (audio.sinkId ?? "") === deviceId) return
  try {
    await audio.setSinkId(deviceId)
  } catch {
    // the device is gone or not allowed: stay on the current output
  }
}

/** Plays one tone at a time: the ring (incoming) or the ringback (outgoing, the other side rings). */
export class TonePlayer {
  #context: AudioContext | undefined
  #gain: GainNode | undefined
  #oscillators: OscillatorNode[] = []
  #audio: SinkAudio | undefined
  #timer: ReturnType<typeof setTimeout> | undefined
  #kind: ToneKind | undefined
  #volume = 0.6

  /** What is playing now. */
  get playing(): ToneKind | undefined {
    return this.#kind
  }

  /** The element the tone plays through (its `sinkId` is the chosen device). */
  get element(): HTMLAudioElement | undefined {
    return this.#audio
  }

  /** Resumes the audio context after a user gesture (browsers start it suspended). */
  unlock(): void {
    void this.#context?.resume().catch(() => undefined)
    if (this.#kind) void this.#audio?.play().catch(() => undefined)
  }

  async play(kind: ToneKind, deviceId: string, volume: number): Promise<void> {
    this.#volume = volume
    if (this.#kind === kind) {
      if (this.#audio) await setSink(this.#audio, deviceId)
      return
    }
    this.stop()
    const Ctx = globalThis.AudioContext ?? (globalThis as unknown as { webkitAudioContext?: typeof AudioContext }).webkitAudioContext
    if (!Ctx) return
    this.#kind = kind
    const context = (this.#context ??= new Ctx())
    const destination = context.createMediaStreamDestination()
    const gain = context.createGain()
    gain.gain.value = 0
    gain.connect(destination)
    const spec = TONES[kind]
    this.#oscillators = spec.freqs.map((f) => {
      const osc = context.createOscillator()
      osc.frequency.value = f
      osc.connect(gain)
      osc.start()
      return osc
    })
    this.#gain = gain
    const audio = (this.#audio ??= new Audio() as SinkAudio)
    audio.srcObject = destination.stream
    await setSink(audio, deviceId)
    if (this.#kind !== kind) return
    void context.resume().catch(() => undefined)
    void audio.play().catch(() => undefined)
    this.#cycle(spec, context, gain)
  }

  setVolume(volume: number): void {
    this.#volume = volume
  }

  #cycle(spec: ToneSpec, context: AudioContext, gain: GainNode): void {
    if (this.#gain !== gain) return
    // per-burst amplitude; the tones add up, so scale by their count
    const level = (0.25 * this.#volume) / spec.freqs.length
    let t = context.currentTime + 0.02
    let total = 0
    spec.cadence.forEach((seconds, i) => {
      if (i % 2 === 0) {
        gain.gain.setValueAtTime(0, t)
        gain.gain.linearRampToValueAtTime(level, t + 0.02)
        gain.gain.setValueAtTime(level, t + seconds - 0.02)
        gain.gain.linearRampToValueAtTime(0, t + seconds)
      }
      t += seconds
      total += seconds
    })
    this.#timer = setTimeout(() => this.#cycle(spec, context, gain), total * 1000)
  }

  stop(): void {
    clearTimeout(this.#timer)
    this.#timer = undefined
    for (const osc of this.#oscillators) {
      try {
        osc.stop()
      } catch {
        // never started
      }
      osc.disconnect()
    }
    this.#oscillators = []
    this.#gain?.disconnect()
    this.#gain = undefined
    this.#kind = undefined
    if (this.#audio) {
      this.#audio.pause()
      this.#audio.srcObject = null
    }
  }

  close(): void {
    this.stop()
    void this.#context?.close().catch(() => undefined)
    this.#context = undefined
  }
}

/** The remote audio of each call, on one output device at one volume. */
export class CallAudio {
  readonly #elements = new Map<string, SinkAudio>()
  #deviceId = ""
  #volume = 1

  attach(callId: string, stream: MediaStream): void {
    let audio = this.#elements.get(callId)
    if (!audio) {
      audio = new Audio() as SinkAudio
      audio.autoplay = true
      this.#elements.set(callId, audio)
      void setSink(audio, this.#deviceId)
    }
    audio.volume = this.#volume
    if (audio.srcObject !== stream) audio.srcObject = stream
    void audio.play().catch(() => undefined)
  }

  detach(callId: string): void {
    const audio = this.#elements.get(callId)
    if (!audio) return
    audio.pause()
    audio.srcObject = null
    this.#elements.delete(callId)
  }

  has(callId: string): boolean {
    return this.#elements.has(callId)
  }

  /** The element playing a call (tests check its sinkId and volume). */
  element(callId: string): HTMLAudioElement | undefined {
    return this.#elements.get(callId)
  }

  async setOutput(deviceId: string): Promise<void> {
    this.#deviceId = deviceId
    await Promise.all([...this.#elements.values()].map((a) => setSink(a, deviceId)))
  }

  setVolume(volume: number): void {
    this.#volume = volume
    for (const audio of this.#elements.values()) audio.volume = volume
  }

  unlock(): void {
    for (const audio of this.#elements.values()) void audio.play().catch(() => undefined)
  }

  close(): void {
    for (const id of [...this.#elements.keys()]) this.detach(id)
  }
}

export interface AudioDevices {
  readonly inputs: readonly MediaDeviceInfo[]
  readonly outputs: readonly MediaDeviceInfo[]
  /** False until the user allowed the microphone: the browser hides device names until then. */
  readonly labelled: boolean
}

export async function listAudioDevices(): Promise<AudioDevices> {
  const md = typeof navigator !== "undefined" ? navigator.mediaDevices : undefined
  if (!md?.enumerateDevices) return { inputs: [], outputs: [], labelled: false }
  const all = await md.enumerateDevices().catch(() => [] as MediaDeviceInfo[])
  // "default"/"communications" are aliases of real devices: the empty choice stands for them
  const real = (d: MediaDeviceInfo) => d.deviceId !== "" && d.deviceId !== "default" && d.deviceId !== "communications"
  const inputs = all.filter((d) => d.kind === "audioinput" && real(d))
  const outputs = all.filter((d) => d.kind === "audiooutput" && real(d))
  return { inputs, outputs, labelled: all.some((d) => d.label !== "") }
}

/** Asks for the microphone once (so device names show), then lets it go. False when refused. */
export async function requestMicrophone(): Promise<boolean> {
  try {
    const stream = await navigator.mediaDevices.getUserMedia({ audio: true, video: false })
    for (const t of stream.getTracks()) t.stop()
    return true
  } catch {
    return false
  }
}
