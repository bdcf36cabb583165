/**
 * A note at the top of a data page when it shows a log uploaded in this browser instead of the site's data, with
 * a button to go back. File names come from the user's disk: text only. Nothing when the site's data is shown.
 * Example: `display(UploadBanner(await workspaceData(), useSiteData))`
 */
export function UploadBanner(
  data: {uploaded: {files: string[]; savedAt: string} | null},
  useSiteData: () => Promise<void>,
  doc: Document = document
): HTMLElement {
  const banner = doc.createElement("div");
  if (!data.uploaded) return banner;
  banner.className = "note upload-banner";
  banner.setAttribute("label", "Your uploaded log");
  const text = doc.createElement("span");
  text.textContent = `This page shows ${data.uploaded.files.join(", ")}, read in this browser. `;
  const back = doc.createElement("button");
  back.type = "button";
  back.textContent = "Show the site's data again";
  back.addEventListener("click", () => void useSiteData().then(() => location.reload()));
  banner.append(text, back);
  return banner;
}
