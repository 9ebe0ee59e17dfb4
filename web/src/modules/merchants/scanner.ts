/** Whether this browser can scan a QR with the camera (BarcodeDetector + getUserMedia); WeChat cannot. */
export function canScanQr(): boolean {
  return typeof window !== 'undefined' && 'BarcodeDetector' in window && !!navigator.mediaDevices?.getUserMedia;
}
