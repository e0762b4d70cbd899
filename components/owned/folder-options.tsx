/** A folder select's options: the blank choice first, then each folder by name. */
export function FolderOptions({ folders, blank }: { folders: { id: string; name: string }[]; blank: string }) {
  return (
    <>
      <option value="">{blank}</option>
      {folders.map((f) => (
        <option key={f.id} value={f.id}>
          {f.name}
        </option>
      ))}
    </>
  );
}
