// The console's only script besides Blazor's: the browser camera (getUserMedia) and forms that submit on change.
window.egovCamera = {
  async start(video) {
    const stream = await navigator.mediaDevices.getUserMedia({ video: { width: 640, height: 480 }, audio: false });
    video.srcObject = stream;
    await video.play();
  },
  stop(video) {
    if (video && video.srcObject) {
      video.srcObject.getTracks().forEach(t => t.stop());
      video.srcObject = null;
    }
  },
  // One frame as JPEG bytes; the server runs it through the same pipeline and gates as any photo.
  async snapshot(video) {
    const canvas = document.createElement('canvas');
    canvas.width = video.videoWidth;
    canvas.height = video.videoHeight;
    canvas.getContext('2d').drawImage(video, 0, 0);
    const blob = await new Promise(resolve => canvas.toBlob(resolve, 'image/jpeg', 0.92));
    return new Uint8Array(await blob.arrayBuffer());
  }
};

document.addEventListener('change', event => {
  const form = event.target.closest && event.target.closest('form[data-submit-on-change]');
  if (form) {
    form.requestSubmit();
  }
});
